import {
  eventMessage,
  readDeadLetterError,
  withoutDeadLetterExtensions,
  type DeadLetterError,
  type EventMessage,
} from '@helios/core';
import type { StoredRecord } from '../event-log/event-log.ts';
import { recordToMessage } from '../eventing/kafka-record.ts';

/** A dead letter as `npm run dead-letters` shows it. */
export interface DeadLetterEntry {
  /** `<partition>-<offset>` in the dead-letter topic: unique, stable, what `show` and `replay` take. */
  readonly id: string;
  readonly topic: string;
  /** When it was dead-lettered (the record's timestamp), ISO 8601. */
  readonly deadLetteredAt: string;
  /** The original event's attributes, without the knativeerror* extensions. */
  readonly event: Readonly<Record<string, string>>;
  /** The data as UTF-8 text. */
  readonly data: string;
  readonly error: DeadLetterError;
}

/** `<partition>-<offset>`: the id of the dead letter stored at that place. */
export function deadLetterId(record: Pick<StoredRecord, 'partition' | 'offset'>): string {
  return `${record.partition}-${record.offset}`;
}

/**
 * The entry of a record of a dead-letter topic, or null when the record is not a CloudEvent carrying
 * `knativeerrordest` (nothing the dispatcher wrote).
 */
export function deadLetterEntry(record: StoredRecord): DeadLetterEntry | null {
  const message = recordToMessage(record, { namespace: '', kafkaSource: null });
  const error = message && readDeadLetterError(message.attributes);
  if (!message || !error) return null;
  return Object.freeze({
    id: deadLetterId(record),
    topic: record.topic,
    deadLetteredAt: new Date(record.timestamp).toISOString(),
    event: Object.freeze(withoutDeadLetterExtensions(message.attributes)),
    data: message.data.toString('utf8'),
    error,
  });
}

/** The original event of a dead letter: the same attributes (source, id…) and bytes, without knativeerror*. */
export function originalEvent(record: StoredRecord): EventMessage | null {
  const message = recordToMessage(record, { namespace: '', kafkaSource: null });
  return message && eventMessage(withoutDeadLetterExtensions(message.attributes), message.data);
}
