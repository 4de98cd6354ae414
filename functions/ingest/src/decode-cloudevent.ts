import type { IncomingHttpHeaders } from 'node:http';
import { HTTP, ValidationError, type CloudEvent } from 'cloudevents';
import { InvalidFieldError } from '@helios/core';
import { decodeHeaderValue } from './decode-header-value.ts';
import { isObject } from '@helios/core';
import { parseMediaType } from './media-type.ts';
import { parseJsonBody } from './parse-json-body.ts';

/** What ingest takes from an incoming CloudEvent: its data, and the trace it belongs to. */
export interface DecodedCloudEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly data: unknown;
  /** the distributed-tracing extension, when the sender set it */
  readonly traceparent?: string;
}

/** CloudEvents 1.0 §3.1: the required context attributes. */
const REQUIRED = ['id', 'source', 'specversion', 'type'] as const;
const SPEC_VERSION = '1.0';

/**
 * Decodes a binary-mode CloudEvent (HTTP binding §3.1): each `ce-*` header percent-decoded once (§3.1.3.2),
 * the body its JSON data; the `cloudevents` SDK builds and validates the event.
 * The caller has checked that Content-Type (the datacontenttype) is JSON.
 * Throws InvalidFieldError (400) naming the header (`ce-source must be present`), InvalidJsonError (400).
 */
export function decodeBinaryCloudEvent(headers: IncomingHttpHeaders, body: Uint8Array): DecodedCloudEvent {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || value === undefined) continue;
    attributes[name] = decodeHeaderValue(Array.isArray(value) ? value.join(', ') : value, name);
  }
  for (const name of REQUIRED) {
    if (!attributes[`ce-${name}`]) throw new InvalidFieldError(`ce-${name}`, 'must be present');
  }
  if (attributes['ce-specversion'] !== SPEC_VERSION)
    throw new InvalidFieldError('ce-specversion', `must be ${SPEC_VERSION}`);
  const data = parseJsonBody(body);
  const event = toEvent(
    { headers: { ...attributes, 'content-type': 'application/json' }, body: data },
    (name) => `ce-${name}`,
  );
  return describe(event, data);
}

/**
 * Decodes a structured-mode CloudEvent (HTTP binding §3.2, JSON format): the body is the event; its data
 * must be JSON (`datacontenttype` absent or application/json; `data_base64` is decoded as JSON text).
 * Throws InvalidFieldError (400) naming the attribute (`cloudevent.source must be present`), InvalidJsonError.
 */
export function decodeStructuredCloudEvent(body: Uint8Array): DecodedCloudEvent {
  const envelope = parseJsonBody(body);
  if (!isObject(envelope)) throw new InvalidFieldError('cloudevent', 'must be a JSON object');
  for (const name of REQUIRED) {
    const value = envelope[name];
    if (value === undefined || value === null || value === '')
      throw new InvalidFieldError(`cloudevent.${name}`, 'must be present');
    if (typeof value !== 'string') throw new InvalidFieldError(`cloudevent.${name}`, 'must be a string');
  }
  if (envelope['specversion'] !== SPEC_VERSION)
    throw new InvalidFieldError('cloudevent.specversion', `must be ${SPEC_VERSION}`);
  const contentType = envelope['datacontenttype'];
  if (contentType !== undefined && parseMediaType(String(contentType))?.type !== 'application/json') {
    throw new InvalidFieldError('cloudevent.datacontenttype', 'must be application/json');
  }
  const event = toEvent(
    { headers: { 'content-type': 'application/cloudevents+json' }, body: envelope },
    (name) => `cloudevent.${name}`,
  );
  // The SDK hands data_base64 back as an array of byte values.
  const data = ArrayBuffer.isView(event.data)
    ? parseJsonBody(Uint8Array.from(event.data as ArrayLike<number>))
    : event.data;
  return describe(event, data);
}

function toEvent(
  message: { headers: Record<string, string>; body: unknown },
  fieldOf: (name: string) => string,
): CloudEvent {
  try {
    const event = HTTP.toEvent(message) as CloudEvent;
    event.validate();
    return event;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // The SDK's schema errors (ajv) name the attribute by JSON pointer; its other errors only say what.
    const [first] = error.errors as { instancePath?: string; message?: string }[];
    if (first?.instancePath)
      throw new InvalidFieldError(fieldOf(first.instancePath.slice(1)), first.message ?? 'is invalid');
    throw new InvalidFieldError('cloudevent', `must be a valid CloudEvent (${error.message.split('\n')[0]})`);
  }
}

function describe(event: CloudEvent, data: unknown): DecodedCloudEvent {
  const traceparent = typeof event['traceparent'] === 'string' ? event['traceparent'] : undefined;
  const decoded = { id: event.id, source: event.source, type: event.type, data };
  return Object.freeze(traceparent === undefined ? decoded : { ...decoded, traceparent });
}
