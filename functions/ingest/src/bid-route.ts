import { IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { HeliosError, MethodNotAllowedError, PayloadTooLargeError, errorResponse } from '@helios/core';
import { neutralizeHeaders } from './preserved-headers.ts';
import { readBody } from './read-body.ts';

export interface BidRouteOptions {
  /** the runtime's own 'request' listener (Fastify's), which serves `/`, /health/* and /metrics */
  runtime: RequestListener;
  maxBodyBytes: number;
  /** told of every request refused here, before the runtime sees it */
  onRejected?: (error: HeliosError) => void;
}

/** `/` too: Knative's and `kn func invoke`'s default path must not bypass the checks below. */
const BID_PATHS = new Set(['/bid', '/bid/', '/']);
/** The seed's smoke collection probes GET /healthz; it is the runtime's liveness. */
const HEALTHZ_PATHS = new Set(['/healthz', '/healthz/']);
const ALLOWED_METHODS = ['POST'] as const;

/**
 * The 'request' listener in front of faas-js-runtime, whose router serves only `/`. It sends POST /bid
 * (also `/bid/`, with any query) to the runtime as `/`, its body read here first: the size limit holds for
 * declared and chunked bodies alike (413), and the body reaches `handle` as opaque bytes with the headers
 * that decide decoding preserved (see preserved-headers.ts), so every malformed request gets ingest's own
 * 400/415 instead of the runtime's 500 or Fastify's error. Any other method on /bid is a 405 with `Allow`.
 * Every other path goes to the runtime untouched. Never throws; errors become JSON responses.
 */
export function createBidRoute(options: BidRouteOptions): RequestListener {
  return (request, response) => {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = queryStart === -1 ? '' : url.slice(queryStart);
    if (HEALTHZ_PATHS.has(path)) {
      request.url = '/health/liveness';
      return options.runtime(request, response);
    }
    if (!BID_PATHS.has(path)) return options.runtime(request, response);
    if (request.method !== 'POST') {
      return refuse(options, response, new MethodNotAllowedError(request.method ?? '', ALLOWED_METHODS), {
        allow: ALLOWED_METHODS.join(', '),
      });
    }
    const declared = Number(request.headers['content-length']);
    if (declared > options.maxBodyBytes) {
      // The body is not read: close the connection rather than drain what the client still sends.
      return refuse(options, response, new PayloadTooLargeError(options.maxBodyBytes), { connection: 'close' });
    }
    readBody(request, options.maxBodyBytes).then(
      (body) => options.runtime(replay(request, body, `/${query}`), response),
      (error: unknown) => {
        if (error instanceof HeliosError) refuse(options, response, error, { connection: 'close' });
        else response.destroy();
      },
    );
  };
}

function refuse(
  options: BidRouteOptions,
  response: ServerResponse,
  error: HeliosError,
  extraHeaders: Record<string, string>,
): void {
  options.onRejected?.(error);
  const { statusCode, headers, body } = errorResponse(error);
  const text = JSON.stringify(body);
  response
    .writeHead(statusCode, { ...headers, ...extraHeaders, 'content-length': String(Buffer.byteLength(text)) })
    .end(text);
}

/**
 * A request the runtime reads as if it came from the socket: same method and connection, path `/`,
 * neutral headers, and the body already read, replayed whole.
 */
function replay(original: IncomingMessage, body: Buffer, url: string): IncomingMessage {
  const request = new IncomingMessage(original.socket);
  request.method = original.method as string;
  request.url = url;
  request.httpVersion = original.httpVersion;
  request.httpVersionMajor = original.httpVersionMajor;
  request.httpVersionMinor = original.httpVersionMinor;
  request.headers = neutralizeHeaders(original.headers, body.length);
  request.rawHeaders = Object.entries(request.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [String(value)]).flatMap((item) => [name, item]),
  );
  request.complete = true;
  request.push(body);
  request.push(null);
  return request;
}
