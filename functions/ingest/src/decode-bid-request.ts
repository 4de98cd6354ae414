import type { IncomingHttpHeaders } from 'node:http';
import {
  HeliosError,
  InvalidFieldError,
  readHttpEvent,
  readHttpEventBatch,
  UnsupportedMediaTypeError,
  type BidRequest,
  type EventMessage,
  type RequestFormat,
} from '@helios/core';
import { isObject } from './field-rules.ts';
import { normalizeHeliosRequest, type HeliosDefaults } from './helios-json.ts';
import { parseMediaType } from './media-type.ts';
import { parseJsonBody } from './parse-json-body.ts';
import { assertBidRequest } from './validate-bid-request.ts';

/** The Content-Types ingest reads (a binary-mode CloudEvent is application/json plus ce-* headers). */
export const ACCEPTED_CONTENT_TYPES = [
  'application/json',
  'application/cloudevents+json',
  'application/cloudevents-batch+json',
] as const;

/** How a body is to be read, decided from its headers alone. */
export type WireFormat = 'json' | 'cloudevent-binary' | 'cloudevent-structured' | 'cloudevent-batch';

/** A bid request as the pipeline speaks it, and how it came. */
export interface DecodedBidRequest {
  readonly request: BidRequest;
  readonly format: RequestFormat;
  /** the incoming CloudEvent's traceparent extension, when it had one */
  readonly traceparent?: string;
}

/** The attributes that mark a binary-mode CloudEvent; any one of them makes the others required. */
const BINARY_MARKERS = ['ce-specversion', 'ce-id', 'ce-source', 'ce-type'] as const;

/**
 * Decides the wire format, as CloudEvents HTTP binding §3 decides the mode: Content-Type
 * application/cloudevents+json is structured mode, a `ce-*` attribute header makes binary mode, else plain
 * JSON; application/cloudevents-batch+json is batch mode. JSON text is UTF-8 (RFC 8259 §8.1), so another
 * charset is refused. Throws a 415 HeliosError for any other Content-Type, a non-UTF-8 charset, a compressed body.
 */
export function detectWireFormat(headers: IncomingHttpHeaders): WireFormat {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw unsupported(`content-encoding must be identity (got ${encoding})`, 'must be identity');
  }
  const header = headers['content-type'] ?? '';
  const mediaType = parseMediaType(header);
  if (mediaType?.charset !== undefined && mediaType.charset !== 'utf-8' && mediaType.charset !== 'utf8') {
    throw unsupported(`content-type charset must be utf-8 (got ${mediaType.charset})`, 'charset must be utf-8');
  }
  if (mediaType?.type === 'application/cloudevents-batch+json') return 'cloudevent-batch';
  if (mediaType?.type === 'application/cloudevents+json') return 'cloudevent-structured';
  const binary = BINARY_MARKERS.some((name) => headers[name] !== undefined);
  if (binary) {
    if (mediaType?.type !== 'application/json') throw new UnsupportedMediaTypeError(header, ['application/json']);
    return 'cloudevent-binary';
  }
  if (mediaType?.type !== 'application/json') throw new UnsupportedMediaTypeError(header, ACCEPTED_CONTENT_TYPES);
  return 'json';
}

/**
 * Decodes and validates one bid request from the original headers and raw body: an OpenRTB 2.6
 * BidRequest (it has `imp`, or no `request_id`) or a Helios JSON request (it has `request_id` and no
 * `imp`, and is normalised to OpenRTB), sent as plain JSON or as the data of a CloudEvent (specversion 1.0
 * or 0.3, binary or structured mode, read by core's readHttpEvent).
 * Throws 415 (see detectWireFormat; a batch is decodeBidRequestBatch's), InvalidJsonError 400,
 * InvalidFieldError 400 naming the CloudEvent attribute, InvalidBidRequestError 400 naming the first field
 * and rule broken.
 */
export function decodeBidRequest(
  message: { headers: IncomingHttpHeaders; body: Uint8Array },
  defaults: HeliosDefaults,
): DecodedBidRequest {
  const wireFormat = detectWireFormat(message.headers);
  if (wireFormat === 'cloudevent-batch') throw new InvalidFieldError('content-type', 'must not be a batch here');
  if (wireFormat === 'json') {
    const { request, shape } = toBidRequest(parseJsonBody(message.body), defaults);
    return Object.freeze({ request, format: shape });
  }
  return fromEvent(readHttpEvent(message.headers, message.body), defaults, 'cloudevent');
}

/**
 * Decodes each CloudEvent of a batch-mode body (HTTP binding §3.3) as decodeBidRequest decodes one: an
 * entry is the decoded request or the 400 error naming `cloudevents[<index>].<field>`. Throws
 * InvalidJsonError or InvalidFieldError when the body is not a JSON array at all.
 */
export function decodeBidRequestBatch(body: Uint8Array, defaults: HeliosDefaults): (DecodedBidRequest | HeliosError)[] {
  return readHttpEventBatch(body).map((entry, index) => {
    if ('error' in entry) return entry.error;
    try {
      return fromEvent(entry.message, defaults, `cloudevents[${index}]`);
    } catch (error) {
      if (error instanceof HeliosError) return error;
      throw error;
    }
  });
}

function fromEvent(message: EventMessage, defaults: HeliosDefaults, prefix: string): DecodedBidRequest {
  const contentType = message.attributes['datacontenttype'];
  if (contentType !== undefined && parseMediaType(contentType)?.type !== 'application/json') {
    throw new InvalidFieldError(prefix === 'cloudevent' ? 'cloudevent.datacontenttype' : `${prefix}.datacontenttype`, 'must be application/json');
  }
  const { request } = toBidRequest(parseJsonBody(message.data), defaults);
  const traceparent = message.attributes['traceparent'];
  const decoded = { request, format: 'cloudevent' as const };
  return Object.freeze(traceparent === undefined ? decoded : { ...decoded, traceparent });
}

function toBidRequest(value: unknown, defaults: HeliosDefaults): { request: BidRequest; shape: 'openrtb' | 'helios' } {
  if (isObject(value) && value['request_id'] !== undefined && value['imp'] === undefined) {
    const request = normalizeHeliosRequest(value, defaults);
    // The translation is ours; checking its output keeps the two formats to one contract downstream.
    assertBidRequest(request);
    return { request, shape: 'helios' };
  }
  assertBidRequest(value);
  return { request: value, shape: 'openrtb' };
}

function unsupported(message: string, rule: string): HeliosError {
  return new HeliosError({
    message,
    code: 'unsupported_media_type',
    status: 415,
    retryable: false,
    field: 'content-type',
    rule,
  });
}
