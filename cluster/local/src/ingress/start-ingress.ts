import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@helios/core';
import type { ClusterHealth } from './cluster-health.ts';
import type { DeadLetters } from '../dead-letters/dead-letters.ts';
import { serveDeadLetters } from './dead-letters-endpoint.ts';
import { proxyRequest } from './proxy-request.ts';
import type { RoutesView } from './routes-view.ts';

export interface IngressOptions {
  readonly port: number;
  readonly host: string;
  readonly logger: Logger;
  /** ingest's base URL, null while it is not running. */
  readonly ingestUrl: () => string | null;
  /** The dashboard's base URL, null when it is off or not running. */
  readonly dashboardUrl: () => string | null;
  readonly dashboardEnabled: boolean;
  readonly health: () => Promise<ClusterHealth>;
  readonly routes: () => RoutesView;
  /** The dead letters `/_cluster/dead-letters` lists, shows and replays. */
  readonly deadLetters: DeadLetters;
}

export interface Ingress {
  /** http://<host>:<port>, the port the OS chose when 0 was asked. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight exchanges finish (up to `timeoutMs`), then closes. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The cluster's one front door, Kourier's role: `/bid` and `/openrtb2/bid` go to ingest, `/healthz`,
 * `/_cluster/routes` and `/_cluster/dead-letters` are answered here, everything else goes to the dashboard
 * (its pages and its JSON
 * API). Proxied exchanges stream through unchanged.
 */
export async function startIngress(options: IngressOptions): Promise<Ingress> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((request, response) => {
    route(options, agent, request, response).catch((error: unknown) => {
      options.logger.error({ err: error, url: request.url }, 'ingress failed');
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'internal', message: 'ingress error' } });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    async close(timeoutMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
      agent.destroy();
    },
  };
}

async function route(
  options: IngressOptions,
  agent: http.Agent,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://ingress');
  if (pathname === '/bid' || pathname === '/openrtb2/bid')
    return proxyTo(options.ingestUrl(), 'ingest', { request, response, agent });
  if (pathname === '/healthz' && isRead(request)) {
    const health = await options.health();
    return sendJson(response, health.status === 'ok' ? 200 : 503, health);
  }
  if (pathname === '/_cluster/routes' && isRead(request)) return sendJson(response, 200, options.routes());
  const send = (status: number, body: unknown) => sendJson(response, status, body);
  if (await serveDeadLetters({ deadLetters: options.deadLetters, request, pathname, send })) return;
  if (!options.dashboardEnabled) {
    return sendJson(response, 404, {
      error: { code: 'not_found', message: `${pathname} was not found (the dashboard is off)` },
    });
  }
  return proxyTo(options.dashboardUrl(), 'dashboard', { request, response, agent });
}

async function proxyTo(
  target: string | null,
  name: string,
  exchange: { request: http.IncomingMessage; response: http.ServerResponse; agent: http.Agent },
): Promise<void> {
  if (target === null) {
    // Retryable, as Knative's activator answers while a revision has no ready pod.
    exchange.request.resume();
    exchange.response.setHeader('retry-after', '1');
    return sendJson(exchange.response, 503, {
      error: { code: 'dependency_unavailable', message: `${name} is not ready` },
    });
  }
  return proxyRequest({ ...exchange, target });
}

function isRead(request: http.IncomingMessage): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
