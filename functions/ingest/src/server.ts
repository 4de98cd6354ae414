/**
 * Ingest's start entry (`npm start` runs build/server.js): a small node:http server of its own, because the
 * runtime (faas-js-runtime) routes only `/` and parses bodies before a function sees them, and ingest serves
 * two paths whose bodies it must read raw to answer 400 naming the field. It keeps the runtime's contract with
 * Knative: PORT/FUNC_PORT, /health/readiness, /health/liveness, Prometheus /metrics, keep-alive, SIGTERM drains.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { HeliosError, MethodNotAllowedError, metricsRegistry, NotFoundError, PayloadTooLargeError, readBody } from '@helios/core';
import { config } from './config.ts';
import { acceptBid, answerBid, type HttpMessage } from './index.ts';
import type { IngestAnswer } from './ingest-answer.ts';
import { failedResponse } from './ingest-response.ts';
import { recordIngest } from './ingest-metrics.ts';

export interface StartIngestOptions {
  /** defaults to FUNC_PORT, else PORT, else 8080; 0 picks a free port */
  port?: number;
}

type Route = { methods: readonly string[]; handle: (request: IncomingMessage) => Promise<IngestAnswer> };

const withBody = (handle: (message: HttpMessage) => Promise<IngestAnswer>) => async (request: IncomingMessage) =>
  handle({ headers: request.headers, body: await readBody(request, config.maxBodyBytes) });
const health = async (): Promise<IngestAnswer> => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: { status: 'ok' } });

/** `/` too: Knative's and `kn func invoke`'s default path must not bypass the checks. `/healthz`: the seed's probe. */
const ROUTES = new Map<string, Route>([
  ['/bid', { methods: ['POST'], handle: withBody(acceptBid) }],
  ['/', { methods: ['POST'], handle: withBody(acceptBid) }],
  ['/openrtb2/bid', { methods: ['POST'], handle: withBody(answerBid) }],
  ['/health/readiness', { methods: ['GET', 'HEAD'], handle: health }],
  ['/health/liveness', { methods: ['GET', 'HEAD'], handle: health }],
  ['/healthz', { methods: ['GET', 'HEAD'], handle: health }],
  [
    '/metrics',
    {
      methods: ['GET'],
      handle: async () => ({ statusCode: 200, headers: { 'content-type': metricsRegistry.contentType }, body: await metricsRegistry.metrics() }),
    },
  ],
]);

/**
 * Starts ingest's HTTP server and resolves once it listens (close it to stop). Routes POST /bid (and `/`),
 * POST /openrtb2/bid, the health paths and /metrics, each path with or without a trailing slash and with any
 * query; another method on a known path is 405 with Allow, an unknown path 404, a body past
 * HELIOS_MAX_BODY_BYTES 413 (declared or chunked) — all JSON. Never lets a request crash the process.
 */
export async function startIngest(options: StartIngestOptions = {}): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 30_000 }, (request, response) => {
    route(request).then(
      (answer) => send(response, answer, request),
      (error: unknown) => {
        if (error instanceof HeliosError) return send(response, refuse(error), request);
        response.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, () => resolve());
  });
  return server;
}

async function route(request: IncomingMessage): Promise<IngestAnswer> {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const raw = query === -1 ? url : url.slice(0, query);
  const path = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const found = ROUTES.get(path);
  if (!found) throw new NotFoundError(`path ${path.slice(0, 100)}`);
  const method = request.method ?? '';
  if (!found.methods.includes(method)) {
    const error = new MethodNotAllowedError(method, found.methods);
    return { ...refuse(error), headers: { ...refuse(error).headers, allow: found.methods.join(', ') } };
  }
  if (Number(request.headers['content-length']) > config.maxBodyBytes) throw new PayloadTooLargeError(config.maxBodyBytes);
  return found.handle(request);
}

function refuse(error: HeliosError): IngestAnswer {
  if (error.status !== 404) recordIngest({ format: 'unknown', outcome: 'rejected', code: error.code });
  return failedResponse(error);
}

function send(response: ServerResponse, answer: IngestAnswer, request: IncomingMessage): void {
  const body =
    answer.body === undefined || answer.statusCode === 204
      ? ''
      : typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body);
  const headers: Record<string, string> = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
  // A body left unread (refused before or while reading) would be parsed as the next request: close instead.
  if (!request.complete) headers['connection'] = 'close';
  response.writeHead(answer.statusCode, headers).end(request.method === 'HEAD' ? undefined : body);
  if (!request.complete) request.resume();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startIngest();
  // Knative sends SIGTERM before it stops a pod: finish what is in flight, then exit.
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
