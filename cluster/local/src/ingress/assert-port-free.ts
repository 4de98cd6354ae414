import net from 'node:net';

/** Thrown when the ingress's port is taken: `npm start` prints it and exits non-zero. */
export class PortInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortInUseError';
  }
}

/**
 * Throws PortInUseError, before anything starts, when `host:port` cannot be listened on, naming what
 * holds it: a Helios cluster (it answers /healthz with its components) or another program. Starting
 * anyway would run a second set of functions and seed the shared data again, only to fail at the end.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  const error = await tryListen(host, port);
  if (!error) return;
  const where = `${host}:${port}`;
  if (error.code !== 'EADDRINUSE')
    throw new PortInUseError(`cannot listen on ${where} (HELIOS_PORT): ${error.message}`);
  const holder = (await answersAsHelios(host, port))
    ? 'a Helios local cluster is already running there (it answers /healthz); stop it first (Ctrl-C in its terminal)'
    : 'another program holds it';
  throw new PortInUseError(
    `port ${port} on ${host} (HELIOS_PORT) is in use: ${holder}, or set HELIOS_PORT to a free port`,
  );
}

function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

async function answersAsHelios(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`, {
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { components?: unknown };
    return typeof body.components === 'object' && body.components !== null;
  } catch {
    return false;
  }
}
