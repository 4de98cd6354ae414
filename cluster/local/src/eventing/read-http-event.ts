import type { IncomingHttpHeaders } from 'node:http';
import { InvalidFieldError } from '@helios/core';
import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import { eventMessage, REQUIRED_ATTRIBUTES, type EventMessage } from './event-message.ts';
import { decodeHeaderValue } from './percent-encoding.ts';
import { readStructuredEvent } from './structured-event.ts';

/**
 * Reads the CloudEvent of an HTTP request, binary or structured mode (HTTP protocol binding §3), as a
 * KafkaSink's ingress does: `ce-*` header values percent-decoded once (§3.1.3.2), the cloudevents SDK
 * deciding whether it is a valid CloudEvent. Binary-mode data is kept as the bytes sent.
 * Throws InvalidFieldError (400) naming the attribute at fault, or `content-type`/`body` when the request
 * is not a CloudEvent at all or is a batch (a KafkaSink takes one event per request).
 */
export function readHttpEvent(headers: IncomingHttpHeaders, body: Buffer): EventMessage {
  const contentType = headers['content-type'] ?? '';
  const lowered = contentType.toLowerCase();
  if (lowered.startsWith('application/cloudevents-batch')) {
    throw new InvalidFieldError('content-type', 'must not be a batch: a KafkaSink takes one event per request');
  }
  if (lowered.startsWith('application/cloudevents')) return readStructured(contentType, body);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || value === undefined) continue;
    try {
      attributes[name.slice(3)] = decodeHeaderValue(Array.isArray(value) ? value.join(',') : value);
    } catch (error) {
      throw new InvalidFieldError(
        name.slice(3),
        `header ${name} must be percent-encoded UTF-8 (${(error as Error).message})`,
      );
    }
  }
  if (attributes['specversion'] === undefined) {
    throw new InvalidFieldError(
      'specversion',
      'is required: the request is not a CloudEvent (no ce-specversion header, not application/cloudevents+json)',
    );
  }
  if (contentType !== '') attributes['datacontenttype'] = contentType;
  // Every binary-mode attribute is a string, so the SDK's schema reduces to checkAttributes' rules: building
  // an SDK CloudEvent per event to learn the same would cost more than the rest of the hop (see the bench).
  checkAttributes(attributes);
  return eventMessage(attributes, body);
}

function readStructured(contentType: string, body: Buffer): EventMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidFieldError('body', 'must be a CloudEvent in JSON (structured content mode)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidFieldError('body', 'must be a JSON object (structured content mode)');
  }
  validate(() => HTTP.toEvent({ headers: { 'content-type': contentType }, body: parsed }));
  const message = readStructuredEvent(parsed as Record<string, unknown>);
  checkAttributes(message.attributes);
  return message;
}

/** The characters RFC 3986 allows in a URI-reference, percent-escapes well formed: what a schema's format checks. */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * The spec's rules for attributes held as strings (CloudEvents spec §3.1 required and optional attributes,
 * §2 naming, §3.1.4 time), which include what the SDK's JSON schema checks of them: non-empty values, a
 * URI-reference source, an absolute URI dataschema.
 */
function checkAttributes(attributes: Readonly<Record<string, string>>): void {
  for (const name of REQUIRED_ATTRIBUTES) {
    if (attributes[name] === undefined) throw new InvalidFieldError(name, 'is required');
    if (attributes[name] === '') throw new InvalidFieldError(name, 'must not be empty');
  }
  for (const name of ['datacontenttype', 'dataschema', 'subject'] as const) {
    if (attributes[name] === '') throw new InvalidFieldError(name, 'must not be empty');
  }
  if (!URI_REFERENCE.test(attributes['source'] as string))
    throw new InvalidFieldError('source', 'must be a URI-reference (RFC 3986)');
  const dataschema = attributes['dataschema'];
  if (dataschema !== undefined && (!URL.canParse(dataschema) || !URI_REFERENCE.test(dataschema)))
    throw new InvalidFieldError('dataschema', 'must be an absolute URI (RFC 3986)');
  if (attributes['specversion'] !== '1.0')
    throw new InvalidFieldError('specversion', `must be 1.0 (got "${attributes['specversion']}")`);
  for (const name of Object.keys(attributes)) {
    if (!/^[a-z0-9]+$/.test(name))
      throw new InvalidFieldError(name, 'must be an attribute name of lower-case letters and digits');
  }
  const time = attributes['time'];
  if (time !== undefined && (!RFC3339.test(time) || Number.isNaN(Date.parse(time)))) {
    throw new InvalidFieldError('time', 'must be an RFC 3339 timestamp');
  }
}

function validate(read: () => unknown): void {
  try {
    const event = read();
    if (Array.isArray(event)) throw new InvalidFieldError('content-type', 'must not be a batch');
    if (event instanceof CloudEvent) event.validate();
  } catch (error) {
    if (error instanceof InvalidFieldError) throw error;
    throw toFieldError(error);
  }
}

interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: { missingProperty?: string };
}

/** The SDK's ValidationError (its `errors` are ajv's) as a 400 naming the first attribute at fault. */
function toFieldError(error: unknown): InvalidFieldError {
  const errors =
    error instanceof ValidationError && Array.isArray(error.errors) ? (error.errors as (SchemaError | string)[]) : [];
  const first = errors[0];
  if (first && typeof first === 'object') {
    const missing = first.params?.missingProperty;
    if (missing) return new InvalidFieldError(missing, 'is required');
    const attribute = first.instancePath?.replace(/^\//, '') || 'specversion';
    return new InvalidFieldError(attribute, first.message ?? 'is invalid');
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/no cloud ?event/i.test(message)) {
    return new InvalidFieldError(
      'specversion',
      'is required: the request is not a CloudEvent (no ce-specversion header, not application/cloudevents+json)',
    );
  }
  return new InvalidFieldError(/spec ?version/i.test(message) ? 'specversion' : 'event', message);
}
