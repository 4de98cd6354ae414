import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from '@helios/core';

/**
 * Prometheus `/metrics` and a `/healthz` (200 while `healthy()`, else 503) over HTTP/1.1, on a port
 * of their own: the service port speaks gRPC only. Resolves once listening; `close` stops it.
 */
export async function startMetricsServer(options: {
  port: number;
  host?: string;
  healthy: () => boolean;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      metricsRegistry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (request.method === 'GET' && path === '/healthz') {
      const healthy = options.healthy();
      response
        .writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' })
        .end(healthy ? 'ok' : 'redis unavailable');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
