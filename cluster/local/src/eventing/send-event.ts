import { request, type Dispatcher } from 'undici';

/** What one delivery attempt got: an answer, or the reason there was none. */
export type SendResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: Buffer;
    }
  | { readonly kind: 'error'; readonly reason: string; readonly aborted: boolean };

/**
 * POSTs one event over `agent` (keep-alive) and reads the whole answer. Never throws: a refused
 * connection, a reset or the `timeoutMs` deadline (headers and body together) come back as
 * `{ kind: 'error' }`, which Knative retries like a 5xx. `signal` aborts at once (the dispatcher closing).
 */
export async function sendEvent(options: {
  agent: Dispatcher;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<SendResult> {
  // A plain timer and controller: AbortSignal.timeout/any cost more than the request itself here, and
  // undici's headersTimeout ticks at about a second, too coarse for short delivery timeouts.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onClose = () => controller.abort();
  options.signal.addEventListener('abort', onClose, { once: true });
  try {
    const response = await request(options.url, {
      dispatcher: options.agent,
      method: 'POST',
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { kind: 'response', status: response.statusCode, headers, body };
  } catch (error) {
    const aborted = options.signal.aborted;
    const reason = controller.signal.aborted && !aborted ? `timeout after ${options.timeoutMs} ms` : describe(error);
    return { kind: 'error', reason, aborted };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onClose);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
}
