import { DEAD_LETTER_EXTENSIONS } from '@helios/core';
import type { EventLog, LogRecord } from '../event-log/event-log.ts';
import type { Routing, SinkKind } from '../routing/routing.ts';
import { eventMessage, type EventMessage } from '@helios/core';
import { messageToRecord } from './kafka-record.ts';

/** Bytes of a failed response body kept in `knativeerrordata` (eventing-kafka-broker truncates likewise). */
export const ERROR_DATA_MAX_BYTES = 1024;

/** An event whose delivery failed for good, on its way to its subscription's dead-letter sink. */
export interface DeadLetter {
  /** `<Kind>/<name>` of the subscription that gave up. */
  readonly subscription: string;
  readonly sink: string;
  readonly sinkKind: SinkKind;
  /** The event as a binary-mode record, carrying the knativeerror* extensions. */
  readonly record: LogRecord;
  /** The subscriber's last status; null when it never answered (network error, timeout). */
  readonly status: number | null;
  readonly reason: string;
}

/** Why the last attempt failed: the response, or what prevented one. */
export interface DeliveryFailure {
  readonly destination: string;
  readonly status: number | null;
  /** The response body, or for no response a description such as `dispatch error: timeout after 5000 ms`. */
  readonly data: Buffer;
}

/**
 * The event with Knative's dead-letter extensions (eventing data-plane spec, "Dead Letter Sink"):
 * knativeerrordest (the subscriber URL), knativeerrorcode (its last status, when it answered) and
 * knativeerrordata (the body, truncated to 1 KiB and base64-encoded, as eventing-kafka-broker's
 * RecordDispatcherImpl writes it, so any bytes survive a header).
 */
export function withErrorExtensions(message: EventMessage, failure: DeliveryFailure): EventMessage {
  const attributes: Record<string, string> = {
    ...message.attributes,
    [DEAD_LETTER_EXTENSIONS.destination]: failure.destination,
  };
  if (failure.status !== null) attributes[DEAD_LETTER_EXTENSIONS.code] = String(failure.status);
  if (failure.data.length > 0) {
    attributes[DEAD_LETTER_EXTENSIONS.data] = failure.data.subarray(0, ERROR_DATA_MAX_BYTES).toString('base64');
  }
  return eventMessage(attributes, message.data);
}

/** Builds a DeadLetter for `subscription` from the failed event. */
export function deadLetterOf(options: {
  subscription: string;
  sink: string;
  sinkKind: SinkKind;
  message: EventMessage;
  failure: DeliveryFailure;
  reason: string;
}): DeadLetter {
  return Object.freeze({
    subscription: options.subscription,
    sink: options.sink,
    sinkKind: options.sinkKind,
    record: messageToRecord(withErrorExtensions(options.message, options.failure)),
    status: options.failure.status,
    reason: options.reason,
  });
}

/**
 * The `deadLetter` callback of startDispatcher: produces the record to the topic of the named
 * KafkaSink or Broker, as posting to that sink would. Rejects when the sink is unknown or the log rejects
 * (the dispatcher then retries and leaves the offset uncommitted).
 */
export function createDeadLetterProducer(options: {
  routing: Routing;
  log: EventLog;
}): (deadLetter: DeadLetter) => Promise<void> {
  return async (deadLetter) => {
    const sink = options.routing.sinks.find(
      (route) => route.kind === deadLetter.sinkKind && route.name === deadLetter.sink,
    );
    if (!sink) throw new Error(`dead-letter sink ${deadLetter.sinkKind}/${deadLetter.sink} is not in the routing`);
    await options.log.produce(sink.topic, deadLetter.record);
  };
}
