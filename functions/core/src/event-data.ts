import { InvalidFieldError } from './errors.ts';
import type { EventType } from './events.ts';
import { isObject } from './field-rules.ts';

/**
 * The envelope check every event reader starts with: the `data` of an incoming CloudEvent of the
 * expected type, as a JSON object, for the reader to validate field by field. faas-js-runtime calls `handle(context, body)` with a plain body when the
 * request was not a CloudEvent at all, so the envelope is checked here too.
 * Throws InvalidFieldError (400): `type must be <expected>`, `data must be a JSON object`.
 */
export function eventData(event: unknown, expectedType: EventType): Record<string, unknown> {
  if (!isObject(event) || typeof event['specversion'] !== 'string' || typeof event['id'] !== 'string') {
    throw new InvalidFieldError('request', 'must be a CloudEvent (binary or structured content mode)');
  }
  if (event['type'] !== expectedType) throw new InvalidFieldError('type', `must be ${expectedType}`);
  const data = event['data'];
  if (!isObject(data)) throw new InvalidFieldError('data', 'must be a JSON object');
  return data;
}
