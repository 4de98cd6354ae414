import type { LogRecord, StoredRecord } from '../event-log/event-log.ts';
import { eventMessage, readHttpEvent, REQUIRED_ATTRIBUTES, type EventMessage } from '@helios/core';

const STRUCTURED = /^application\/cloudevents(?!-batch)/i;

/**
 * The record a KafkaSink writes in binary content mode (CloudEvents Kafka binding §3.2): each attribute
 * a `ce_<name>` header, `datacontenttype` as the `content-type` header, the data as the value, and the
 * `partitionkey` extension as the key (§3.1), so one key's events stay in one partition, in order.
 */
export function messageToRecord(message: EventMessage): LogRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    if (name === 'datacontenttype') headers['content-type'] = value;
    else headers[`ce_${name}`] = value;
  }
  return Object.freeze({
    key: message.attributes['partitionkey'] ?? null,
    value: message.data,
    headers: Object.freeze(headers),
  });
}

/** Where a record was read, for the event a KafkaSource makes of a record that is not a CloudEvent. */
export interface RecordOrigin {
  readonly namespace: string;
  /** The KafkaSource's name; null for a Trigger, whose Broker only carries CloudEvents. */
  readonly kafkaSource: string | null;
}

/**
 * The CloudEvent of a record: binary mode (`ce_` headers) or structured mode (a JSON value). A record that
 * is not a valid CloudEvent becomes, for a KafkaSource, the event its InvalidCloudEventInterceptor makes:
 * type `dev.knative.kafka.event`, source `/apis/v1/namespaces/<ns>/kafkasources/<name>#<topic>`, subject
 * `partition:<p>#<offset>`, id `partition:<p>/offset:<offset>`, extensions `key` and `partitionkey`.
 * Returns null when it is not a CloudEvent and there is no KafkaSource to wrap it (a Trigger drops it).
 */
export function recordToMessage(record: StoredRecord, origin: RecordOrigin): EventMessage | null {
  const message = readCloudEvent(record);
  if (message && REQUIRED_ATTRIBUTES.every((name) => message.attributes[name])) return message;
  if (origin.kafkaSource === null) return null;
  const { partition, offset, topic } = record;
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id: `partition:${partition}/offset:${offset}`,
    source: `/apis/v1/namespaces/${origin.namespace}/kafkasources/${origin.kafkaSource}#${topic}`,
    type: 'dev.knative.kafka.event',
    subject: `partition:${partition}#${offset}`,
    time: new Date(record.timestamp).toISOString(),
  };
  const contentType = record.headers['content-type'];
  if (contentType !== undefined && !STRUCTURED.test(contentType)) attributes['datacontenttype'] = contentType;
  if (record.key !== null) {
    attributes['key'] = record.key;
    attributes['partitionkey'] = record.key;
  }
  return eventMessage(attributes, record.value);
}

function readCloudEvent(record: StoredRecord): EventMessage | null {
  const contentType = record.headers['content-type'];
  if (contentType !== undefined && STRUCTURED.test(contentType)) return readStructured(record);
  if (record.headers['ce_specversion'] === undefined) return null;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (name.startsWith('ce_')) attributes[name.slice(3)] = value;
  }
  if (contentType !== undefined) attributes['datacontenttype'] = contentType;
  return eventMessage(attributes, record.value);
}

function readStructured(record: StoredRecord): EventMessage | null {
  try {
    return readHttpEvent({ 'content-type': record.headers['content-type'] }, record.value);
  } catch {
    return null;
  }
}
