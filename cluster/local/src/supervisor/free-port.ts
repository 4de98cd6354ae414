import net from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now, for a child that must be told its port before it starts
 * (faas-js-runtime reads port 0 as 8080, so it cannot pick one itself).
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
