import net from 'node:net';
import { freePort } from '../../cluster/local/src/supervisor/free-port.ts';

/** Tests ask for a free port the way the local cluster does for its children (port 0 means 8080 to faas-js-runtime). */
export { freePort };

/** A free port whose neighbour is free too: a Kafka broker's, whose KRaft controller takes the next port. */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const neighbourFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (neighbourFree && port < 65_534) return port;
  }
}
