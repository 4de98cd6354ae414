import { readHttpEvent, toBinaryHttp, type EventMessage, type Logger } from '@helios/core';
import type { Dispatcher } from 'undici';
import type { EventLog, StoredRecord } from '../event-log/event-log.ts';
import type { Subscription } from '../routing/routing.ts';
import { backoffDelay, isRetryableStatus } from './backoff.ts';
import { deadLetterOf, type DeadLetter, type DeliveryFailure } from './dead-letter.ts';
import { matchesFilter } from './event-filter.ts';
import { dispatchLatency } from './eventing-metrics.ts';
import { messageToRecord, recordToMessage, type RecordOrigin } from './kafka-record.ts';
import { sendEvent } from './send-event.ts';

/** What a dispatcher shares with each delivery. */
export interface DeliveryContext {
  readonly subscription: Subscription;
  /** `<Kind>/<name>`, the metrics label. */
  readonly name: string;
  readonly url: string;
  readonly origin: RecordOrigin;
  readonly agent: Dispatcher;
  readonly log: EventLog;
  readonly deadLetter: ((event: DeadLetter) => Promise<void>) | undefined;
  /** Aborted when the dispatcher gives up on in-flight work (close past its drain time). */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly onRetry: () => void;
}

/** How a record ended; `abandoned` means the dispatcher closed first: it must not be committed. */
export type DeliveryResult = 'delivered' | 'dead_lettered' | 'dropped' | 'filtered' | 'invalid' | 'abandoned';

type Attempt = { ok: true } | { ok: false; retryable: boolean; failure: DeliveryFailure; reason: string };

/**
 * Delivers one record to the subscriber, as eventing-kafka-broker's RecordDispatcherImpl: to a CloudEvent,
 * through the filter, POSTed with retries on network errors, timeouts and retryable statuses (backoff
 * between them), then to the dead-letter sink, or logged and dropped when there is none. A Trigger's
 * reply, if it is a CloudEvent, goes back into its Broker; a non-empty reply that is not one fails the
 * delivery. Never throws.
 */
export async function deliverRecord(record: StoredRecord, context: DeliveryContext): Promise<DeliveryResult> {
  const { subscription, logger } = context;
  const message = recordToMessage(record, context.origin);
  const where = { partition: record.partition, offset: String(record.offset) };
  if (!message) {
    logger.warn(where, 'record is not a CloudEvent: a Broker carries only CloudEvents; skipped');
    return 'invalid';
  }
  if (!matchesFilter(subscription.filter, message.attributes)) return 'filtered';
  // Built only when something is logged: at full speed nothing is, per event.
  let child: Logger | undefined;
  const eventLogger = () =>
    (child ??= logger.child({
      ...where,
      eventId: message.attributes['id'],
      traceparent: message.attributes['traceparent'],
    }));
  const debug = logger.isLevelEnabled('debug');
  const { headers, body } = toBinaryHttp(message);
  const { delivery } = subscription;
  let attempt: Attempt;
  for (let retry = 0; ; retry++) {
    if (retry > 0) {
      context.onRetry();
      if (!(await pause(backoffDelay(delivery, retry), context.signal))) return 'abandoned';
    }
    attempt = await attemptDelivery(context, headers, body);
    if (attempt.ok) {
      if (debug) eventLogger().debug('delivered');
      return 'delivered';
    }
    if (context.signal.aborted) return 'abandoned';
    if (!attempt.retryable || retry >= delivery.retry) break;
    if (debug) eventLogger().debug({ retry: retry + 1, reason: attempt.reason }, 'delivery failed; retrying');
  }
  return failForGood(message, attempt, context, eventLogger());
}

async function attemptDelivery(
  context: DeliveryContext,
  headers: Record<string, string>,
  body: Buffer,
): Promise<Attempt> {
  const started = performance.now();
  const result = await sendEvent({
    agent: context.agent,
    url: context.url,
    headers,
    body,
    timeoutMs: context.subscription.delivery.timeoutMs,
    signal: context.signal,
  });
  dispatchLatency.observe({ subscription: context.name }, (performance.now() - started) / 1000);
  if (result.kind === 'error') {
    const data = Buffer.from(`dispatch error: ${result.reason}`);
    return {
      ok: false,
      retryable: true,
      failure: { destination: context.url, status: null, data },
      reason: result.reason,
    };
  }
  const failure = { destination: context.url, status: result.status, data: result.body };
  if (result.status < 200 || result.status >= 300) {
    return {
      ok: false,
      retryable: isRetryableStatus(result.status),
      failure,
      reason: `subscriber answered ${result.status}`,
    };
  }
  if (context.subscription.kind !== 'Trigger' || result.body.length === 0) return { ok: true };
  return forwardReply(context, result.headers, result.body, failure);
}

/** A Trigger subscriber's reply is an event for the same Broker (Knative Eventing's reply contract). */
async function forwardReply(
  context: DeliveryContext,
  headers: Record<string, string>,
  body: Buffer,
  failure: DeliveryFailure,
): Promise<Attempt> {
  let reply: EventMessage;
  try {
    reply = readHttpEvent(headers, body);
  } catch (error) {
    return { ok: false, retryable: false, failure, reason: `reply is not a CloudEvent: ${(error as Error).message}` };
  }
  try {
    await context.log.produce(context.subscription.topics[0] as string, messageToRecord(reply));
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      retryable: true,
      failure,
      reason: `reply could not be written to the broker: ${(error as Error).message}`,
    };
  }
}

async function failForGood(
  message: EventMessage,
  attempt: Extract<Attempt, { ok: false }>,
  context: DeliveryContext,
  logger: Logger,
): Promise<DeliveryResult> {
  const { deadLetterSink, deadLetterSinkKind } = context.subscription.delivery;
  const details = { status: attempt.failure.status, reason: attempt.reason };
  if (!deadLetterSink || !deadLetterSinkKind || !context.deadLetter) {
    logger.error(details, 'delivery failed and there is no dead-letter sink: event dropped');
    return 'dropped';
  }
  const deadLetter = deadLetterOf({
    subscription: context.name,
    sink: deadLetterSink,
    sinkKind: deadLetterSinkKind,
    message,
    failure: attempt.failure,
    reason: attempt.reason,
  });
  // The offset is committed only once the dead letter is stored: keep trying until then or until closed.
  for (let retry = 1; ; retry++) {
    try {
      await context.deadLetter(deadLetter);
      logger.warn({ ...details, deadLetterSink }, 'delivery failed: sent to the dead-letter sink');
      return 'dead_lettered';
    } catch (error) {
      logger.error({ ...details, err: error }, 'dead-letter sink failed; retrying');
      if (!(await pause(Math.min(backoffDelay(context.subscription.delivery, retry), 5_000), context.signal)))
        return 'abandoned';
    }
  }
}

/** Waits `ms`; false when `signal` aborted first. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  let onAbort = (): void => {};
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<boolean>((resolve) => {
    onAbort = () => resolve(false);
    timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  clearTimeout(timer);
  signal.removeEventListener('abort', onAbort);
  return result;
}
