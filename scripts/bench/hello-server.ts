/**
 * The pipeline's baseline: a node:http hello world in a process of its own (as ingest runs in its own).
 * It reads the body and answers 202 with a small JSON body, as ingest does, and does nothing else.
 * Run as a child: prints `listening <port>` on stdout once it listens on a free loopback port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const ACCEPTED = JSON.stringify({ status: 'accepted' });

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(202, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': ACCEPTED.length,
    });
    response.end(ACCEPTED);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
// The parent closing stdin (or dying) ends this process: no orphan keeps a port.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
