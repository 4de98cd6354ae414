import net from 'node:net';

/** One look at whether a child serves yet; never throws. */
export type ReadinessCheck = () => Promise<boolean>;

/**
 * Ready when GET `url` answers 2xx: faas-js-runtime's /health/readiness, which runs the function's own
 * readiness hook, as Knative's readiness probe does.
 */
export function httpReadiness(url: string, timeoutMs = 1_000): ReadinessCheck {
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  };
}

/** Ready when something accepts a TCP connection: Knative's tcpSocket probe, used for the gRPC service. */
export function tcpReadiness(host: string, port: number, timeoutMs = 1_000): ReadinessCheck {
  return () => acceptsConnections(host, port, timeoutMs);
}

/** True when something at host:port accepts a TCP connection within the timeout; never throws. */
export function acceptsConnections(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
