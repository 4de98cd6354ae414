import net from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now. faas-js-runtime's start() treats port 0 as "use 8080", so
 * tests that start the runtime ask for a free port first.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
