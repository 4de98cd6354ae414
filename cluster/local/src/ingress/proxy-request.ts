import http from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export interface ProxyRequestOptions {
  readonly request: http.IncomingMessage;
  readonly response: http.ServerResponse;
  /** The upstream origin, such as http://127.0.0.1:41234. */
  readonly target: string;
  readonly agent: http.Agent;
}

/**
 * Streams a request to the upstream and its answer back, status, headers and body unchanged, as
 * Kourier does in front of a Knative service; adds X-Forwarded-For/-Host/-Proto. Answers 502 JSON when
 * the upstream cannot be reached. Resolves when the exchange is over.
 */
export function proxyRequest(options: ProxyRequestOptions): Promise<void> {
  const { request, response } = options;
  const target = new URL(request.url ?? '/', options.target);
  const headers = forwardedHeaders(request);
  return new Promise((resolve) => {
    const upstream = http.request(target, { method: request.method, headers, agent: options.agent }, (answer) => {
      const answerHeaders = Object.fromEntries(
        Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
      );
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answerHeaders);
      answer.pipe(response);
      answer.once('end', resolve);
      answer.once('error', () => {
        response.destroy();
        resolve();
      });
    });
    upstream.once('error', (error) => {
      // An upstream that answered early (413) and closed is not a failure of the exchange.
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
        response.end(
          JSON.stringify({ error: { code: 'bad_gateway', message: `upstream unreachable: ${error.message}` } }),
        );
      }
      resolve();
    });
    response.once('close', () => {
      // The client went away mid-exchange: stop the upstream work too.
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  });
}

function forwardedHeaders(request: http.IncomingMessage): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  const client = request.socket.remoteAddress ?? '';
  const previous = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = previous ? `${String(previous)}, ${client}` : client;
  headers['x-forwarded-host'] = request.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  return headers;
}
