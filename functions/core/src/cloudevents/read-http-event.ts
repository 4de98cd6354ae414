import type { IncomingHttpHeaders } from 'node:http';
import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import { HeliosError, InvalidFieldError, InvalidJsonError } from '../errors.ts';
import { eventMessage, REQUIRED_ATTRIBUTES, SPEC_VERSIONS, type EventMessage } from './event-message.ts';
import { decodeHeaderValue } from './header-value.ts';

/** How a request carries CloudEvents (HTTP binding §3): one in headers + body, one JSON document, or a list. */
export type HttpEventMode = 'binary' | 'structured' | 'batch';

/** One event of a batch: read, or refused with the error that names its attribute. */
export type BatchEntry = { readonly message: EventMessage } | { readonly error: HeliosError };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The content mode of a request, decided as HTTP binding §3 decides it: a Content-Type starting
 * `application/cloudevents-batch` is batch mode, `application/cloudevents` structured mode (both
 * case-insensitive), a `ce-specversion` header binary mode; undefined when it is no CloudEvent at all.
 */
export function httpEventMode(headers: IncomingHttpHeaders): HttpEventMode | undefined {
  const contentType = (headers['content-type'] ?? '').trimStart().toLowerCase();
  if (contentType.startsWith('application/cloudevents-batch')) return 'batch';
  if (contentType.startsWith('application/cloudevents')) return 'structured';
  return headers['ce-specversion'] !== undefined ? 'binary' : undefined;
}

/**
 * Reads the one CloudEvent of a binary- or structured-mode request (HTTP binding §3.1, §3.2), specversion
 * 1.0 or 0.3: `ce-*` header values percent-decoded once (§3.1.3.2), the cloudevents SDK judging the
 * attributes, the data kept as the bytes sent (a structured event's JSON `data` as its JSON text,
 * `data_base64` — or 0.3's `datacontentencoding: base64` — as the bytes it encodes).
 * Throws InvalidFieldError (400) naming the attribute as it was sent (`ce-source`, `cloudevent.source`),
 * `content-type` for a batch or a request that is no CloudEvent, InvalidJsonError for a structured body
 * that is not JSON.
 */
export function readHttpEvent(headers: IncomingHttpHeaders, body: Uint8Array): EventMessage {
  const mode = httpEventMode(headers);
  if (mode === 'batch') throw new InvalidFieldError('content-type', 'must not be a CloudEvents batch here: one event per request');
  if (mode === 'structured') return readStructuredEvent(parseJson(body), 'cloudevent');
  if (mode === undefined) {
    throw new InvalidFieldError(
      'ce-specversion',
      'must be present: the request is not a CloudEvent (no ce-* headers, not application/cloudevents+json)',
    );
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || value === undefined) continue;
    attributes[name.slice(3)] = decodeHeaderValue(Array.isArray(value) ? value.join(',') : value, name);
  }
  const contentType = headers['content-type'];
  if (contentType) attributes['datacontenttype'] = contentType;
  checkAttributes(attributes, (name) => `ce-${name}`);
  const sdkHeaders = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`ce-${name}`, value]));
  // The SDK judges the attributes; the data is not its business here, so it is not parsed.
  validate({ ...sdkHeaders, 'content-type': contentType ?? '' }, undefined, (name) => `ce-${name}`);
  return eventMessage(attributes, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

/**
 * Reads a batch-mode request (HTTP binding §3.3, JSON batch format): a JSON array of structured events,
 * each read as readHttpEvent reads one, and answered on its own: an entry holds the event or the error
 * naming `cloudevents[<index>].<attribute>`. Throws InvalidJsonError, or InvalidFieldError (`body`) when
 * the body is not a JSON array.
 */
export function readHttpEventBatch(body: Uint8Array): BatchEntry[] {
  const parsed = parseJson(body);
  if (!Array.isArray(parsed)) throw new InvalidFieldError('body', 'must be a JSON array of CloudEvents (batch mode)');
  return parsed.map((item, index) => {
    try {
      return { message: readStructuredEvent(item, `cloudevents[${index}]`) };
    } catch (error) {
      if (error instanceof HeliosError) return { error };
      throw error;
    }
  });
}

function readStructuredEvent(event: unknown, prefix: string): EventMessage {
  const fieldOf = (name: string) => `${prefix}.${name}`;
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidFieldError(prefix, 'must be a JSON object (structured content mode)');
  }
  const { data, data_base64: base64, ...rest } = event as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') throw new InvalidFieldError(fieldOf(name), 'must be a string, number or boolean');
    attributes[name] = String(value);
  }
  for (const name of REQUIRED_ATTRIBUTES) {
    if (rest[name] !== undefined && typeof rest[name] !== 'string') throw new InvalidFieldError(fieldOf(name), 'must be a string');
  }
  checkAttributes(attributes, fieldOf);
  validate({ 'content-type': 'application/cloudevents+json' }, event, fieldOf);
  // 0.3 carried binary data as a base64 string marked by datacontentencoding; 1.0 has data_base64.
  const encoding = attributes['datacontentencoding'];
  delete attributes['datacontentencoding'];
  if (typeof base64 === 'string') return eventMessage(attributes, Buffer.from(base64, 'base64'));
  if (encoding !== undefined) {
    if (encoding.toLowerCase() !== 'base64' || typeof data !== 'string')
      throw new InvalidFieldError(fieldOf('datacontentencoding'), 'must be base64, with data a base64 string');
    return eventMessage(attributes, Buffer.from(data, 'base64'));
  }
  if (data === undefined) return eventMessage(attributes, Buffer.alloc(0));
  attributes['datacontenttype'] ??= 'application/json';
  const text = typeof data === 'string' && !JSON_TYPE.test(attributes['datacontenttype']) ? data : JSON.stringify(data);
  return eventMessage(attributes, Buffer.from(text, 'utf8'));
}

/** What the SDK lets through but the spec forbids (§3.1 required, §2 naming, §3.1.4 time). */
function checkAttributes(attributes: Readonly<Record<string, string>>, fieldOf: (name: string) => string): void {
  for (const name of REQUIRED_ATTRIBUTES) {
    if (!attributes[name]) throw new InvalidFieldError(fieldOf(name), 'must be present');
  }
  if (!(SPEC_VERSIONS as readonly string[]).includes(attributes['specversion'] as string)) {
    throw new InvalidFieldError(fieldOf('specversion'), `must be one of ${SPEC_VERSIONS.join(', ')}`);
  }
  for (const name of Object.keys(attributes)) {
    if (!/^[a-z0-9]+$/.test(name)) throw new InvalidFieldError(fieldOf(name), 'must be an attribute name of lower-case letters and digits');
  }
  const time = attributes['time'];
  if (time !== undefined && (!RFC3339.test(time) || Number.isNaN(Date.parse(time)))) {
    throw new InvalidFieldError(fieldOf('time'), 'must be an RFC 3339 timestamp');
  }
}

function validate(headers: Record<string, string>, body: unknown, fieldOf: (name: string) => string): void {
  try {
    const event = HTTP.toEvent({ headers, body });
    if (event instanceof CloudEvent) event.validate();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw new InvalidFieldError(fieldOf('specversion'), `must make a valid CloudEvent (${String((error as Error).message).split('\n')[0]})`);
    // The SDK's schema errors (ajv) name the attribute by JSON pointer; its other errors only say what.
    const [first] = (Array.isArray(error.errors) ? error.errors : []) as { instancePath?: string; message?: string; params?: { missingProperty?: string } }[];
    const name = first?.params?.missingProperty ?? first?.instancePath?.replace(/^\//, '');
    if (name) throw new InvalidFieldError(fieldOf(name), first?.message ?? 'is invalid');
    throw new InvalidFieldError(fieldOf('specversion'), `must make a valid CloudEvent (${error.message.split('\n')[0]})`);
  }
}

function parseJson(body: Uint8Array): unknown {
  if (body.byteLength === 0) throw new InvalidJsonError('the body is empty');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new InvalidJsonError('the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
}
