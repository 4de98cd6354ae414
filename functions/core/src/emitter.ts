import http from 'node:http';
import https from 'node:https';
import { type CloudEvent, HTTP } from 'cloudevents';
import { DependencyUnavailableError, HeliosError } from './errors.ts';

/** Sends a function's own events onward. */
export interface Emitter {
  emit(event: CloudEvent<unknown>): Promise<void>;
}

export interface SinkEmitterOptions {
  /** K_SINK: the address a SinkBinding injected (a KafkaSink's ingress, or a Broker's). */
  sink: string;
  /** K_CE_OVERRIDES, parsed: `{ "extensions": { ... } }` set on every event sent. */
  overrides?: Record<string, unknown>;
  timeoutMs?: number;
}

/** What the sink answered. */
interface SinkAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The answer to an event sent as a request: status, headers and body as received. */
export interface EventAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Sends an event and waits for the answer (a RequestReply's: the reply event). */
export interface EventRequester {
  /** Rejects on a network error or when no answer came within `timeoutMs`; any status resolves. */
  request(event: CloudEvent<unknown>, options: { timeoutMs: number }): Promise<EventAnswer>;
}

/**
 * POSTs events in binary content mode to `url` (a RequestReply's address) over one keep-alive agent and
 * resolves with whatever was answered, for a caller that waits for a reply rather than an acknowledgement.
 */
export function createEventRequester(options: { url: string }): EventRequester {
  const url = new URL(options.url);
  const transport = url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true });
  return {
    request(event, { timeoutMs }) {
      const message = HTTP.binary(event);
      const body = Buffer.from(typeof message.body === 'string' ? message.body : JSON.stringify(message.body ?? ''));
      const send = () => post({ transport, agent, url, headers: message.headers, body, timeoutMs });
      return send().catch((error: unknown) => {
        if (error instanceof StaleSocketError) return send();
        throw error;
      });
    },
  };
}

/**
 * POSTs each event to K_SINK in binary content mode, as a Knative function fed by a KafkaSource must,
 * because the source discards whatever the function replies. Resolves once the sink answered 2xx (a
 * KafkaSink answers 202 when the record is in Kafka).
 * Throws DependencyUnavailableError (503, retryable) when the sink is unreachable, does not answer within
 * `timeoutMs` or answers 5xx/429/404, so the caller's event is redelivered rather than lost; another 4xx from
 * the sink is a bug of ours: HeliosError 500.
 */
export function createSinkEmitter(options: SinkEmitterOptions): Emitter {
  const extensions = (options.overrides?.['extensions'] ?? {}) as Record<string, string>;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const url = new URL(options.sink);
  // node:http over one keep-alive agent rather than fetch: every event is one POST to the same sink, and
  // fetch's WHATWG layers cost about three times the CPU per request (measured in `npm run bench`).
  const transport = url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true });
  return {
    async emit(event) {
      const message = HTTP.binary(Object.keys(extensions).length > 0 ? event.cloneWith(extensions) : event);
      const body = Buffer.from(typeof message.body === 'string' ? message.body : JSON.stringify(message.body ?? ''));
      let answer: SinkAnswer;
      try {
        const send = () => post({ transport, agent, url, headers: message.headers, body, timeoutMs });
        // A kept-alive socket the sink closed just as we reused it fails at once; Node's documented
        // remedy is to send again on a fresh one (safe: a duplicate event is absorbed downstream).
        answer = await send().catch((error: unknown) => {
          if (error instanceof StaleSocketError) return send();
          throw error;
        });
      } catch (error) {
        throw new DependencyUnavailableError('event sink', error);
      }
      if (answer.status >= 200 && answer.status < 300) return;
      if (answer.status >= 500 || answer.status === 429 || answer.status === 404) {
        throw new DependencyUnavailableError('event sink', new Error(`answered ${answer.status} ${answer.body.toString('utf8')}`));
      }
      throw new HeliosError({
        message: `event sink rejected event ${event.id}: ${answer.status} ${answer.body.toString('utf8')}`,
        code: 'internal',
        status: 500,
        retryable: false,
      });
    },
  };
}

/** The sink closed a kept-alive connection as it was reused (it had not answered this request). */
class StaleSocketError extends Error {
  constructor(cause: Error) {
    super(`kept-alive connection closed by the sink: ${cause.message}`, { cause });
  }
}

/**
 * One POST with a declared length (headers and body leave in one write), its answer read whole. Rejects on
 * a network error, or when headers and body together take longer than `timeoutMs`.
 */
function post(options: {
  transport: typeof http | typeof https;
  agent: http.Agent;
  url: URL;
  headers: Record<string, unknown>;
  body: Buffer;
  timeoutMs: number;
}): Promise<SinkAnswer> {
  return new Promise((resolve, reject) => {
    const request = options.transport.request(options.url, {
      method: 'POST',
      agent: options.agent,
      headers: { ...(options.headers as http.OutgoingHttpHeaders), 'content-length': options.body.length },
    });
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    // Rejects itself too: once the answer has begun, destroying the request no longer emits on it.
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${options.timeoutMs} ms`);
      request.destroy(error);
      fail(error);
    }, options.timeoutMs);
    request.once('error', (error: NodeJS.ErrnoException) => {
      const stale = request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      fail(stale ? new StaleSocketError(error) : error);
    });
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', fail);
      response.once('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(options.body);
  });
}
