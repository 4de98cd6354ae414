import { InvalidFieldError, readDeadLetterError } from '@helios/core';
import type { NewDeadLetterRow } from '@helios/core/db';

/**
 * The dead_letters row of a dead letter read from the dead_letters topic: the failed event's `source`,
 * `id` and `type`, and the destination, status and reason of its knativeerror* extensions. Null when
 * the event carries no `knativeerrordest` (it is not a dead letter). Throws InvalidFieldError (400) when
 * the envelope lacks a source, id or type.
 */
export function deadLetterRow(event: unknown): NewDeadLetterRow | null {
  if (typeof event !== 'object' || event === null) return null;
  const attributes = event as Record<string, unknown>;
  const error = readDeadLetterError(attributes);
  if (!error) return null;
  return {
    eventSource: text(attributes['source'], 'source'),
    eventId: text(attributes['id'], 'id'),
    eventType: text(attributes['type'], 'type'),
    destination: error.destination,
    errorCode: error.code,
    reason: error.reason,
  };
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidFieldError(field, 'must be a non-empty string');
  return value;
}
