import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@helios/core';
import { Agent } from 'undici';
import type { EventLog, StoredRecord } from '../event-log/event-log.ts';
import type { Subscription } from '../routing/routing.ts';
import type { DeadLetter } from './dead-letter.ts';
import { deliverRecord, type DeliveryContext } from './deliver-record.ts';
import { dispatchTotal } from './eventing-metrics.ts';
import { OffsetTracker } from './offset-tracker.ts';

const STAT_OF = {
  delivered: 'delivered',
  dead_lettered: 'deadLettered',
  dropped: 'dropped',
  filtered: 'skipped',
  invalid: 'skipped',
} as const;

/** Counters of one dispatcher since it started. */
export interface DispatchStats {
  readonly delivered: number;
  readonly retried: number;
  readonly deadLettered: number;
  /** Failed for good with no dead-letter sink: logged and dropped, as Knative does. */
  readonly dropped: number;
  /** Not passed by the Trigger's filter, or not a CloudEvent on a Broker: committed without delivery. */
  readonly skipped: number;
  readonly inFlight: number;
  /** Pulled from the log and waiting behind their partition (ordered) or for a slot. */
  readonly buffered: number;
}

export interface DispatcherOptions {
  readonly subscription: Subscription;
  readonly log: EventLog;
  /** The subscriber function's base URL; the subscription's path is appended. */
  readonly subscriberUrl: string;
  /** Produces a dead letter to the dead-letter sink's topic (see createDeadLetterProducer). */
  readonly deadLetter?: (event: DeadLetter) => Promise<void>;
  /** Records pulled and not yet done, at most (HELIOS_DISPATCH_CONCURRENCY, read by the caller). Default 100. */
  readonly concurrency?: number;
  /** How long close() lets in-flight deliveries finish before abandoning them (uncommitted). Default 10 s. */
  readonly drainTimeoutMs?: number;
  /** The namespace, for the source of events a KafkaSource makes of plain records. Default `default`. */
  readonly namespace?: string;
  readonly logger: Logger;
}

export interface RunningDispatcher {
  close(): Promise<void>;
  stats(): DispatchStats;
}

/**
 * Runs one KafkaSource or Trigger as eventing-kafka-broker's dispatcher does: pulls its records, turns
 * each into a CloudEvent, applies the Trigger filter, POSTs it in binary mode with the delivery spec's
 * timeout, retries and backoff, and sends what fails for good to the dead-letter sink. `ordered` keeps
 * one event in flight per partition; `unordered` up to `concurrency` at once. Offsets are committed as a
 * watermark of contiguous completed records, so a restart redelivers whatever was not finished.
 * The same code runs over the embedded log and Kafka. Resolves once the group's consumer is open.
 */
export async function startDispatcher(options: DispatcherOptions): Promise<RunningDispatcher> {
  const { subscription, log } = options;
  const capacity = options.concurrency ?? 100;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('concurrency must be a positive integer');
  const name = `${subscription.kind}/${subscription.name}`;
  const logger = options.logger.child({ subscription: name });
  const consumer = await log.consume({
    group: subscription.group,
    topics: subscription.topics,
    initialOffset: subscription.initialOffset,
  });
  const tracker = new OffsetTracker({
    consumer,
    onError: (error) => logger.warn({ err: error }, 'offset commit failed'),
  });
  const abort = new AbortController();
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: capacity });
  const stats = { delivered: 0, retried: 0, deadLettered: 0, dropped: 0, skipped: 0, inFlight: 0, buffered: 0 };
  const context: DeliveryContext = {
    subscription,
    name,
    url: `${options.subscriberUrl.replace(/\/$/, '')}${subscription.subscriber.path}`,
    origin: {
      namespace: options.namespace ?? 'default',
      kafkaSource: subscription.kind === 'KafkaSource' ? subscription.name : null,
    },
    agent,
    log,
    deadLetter: options.deadLetter,
    signal: abort.signal,
    logger,
    onRetry: () => {
      stats.retried++;
      dispatchTotal.inc({ subscription: name, result: 'retried' });
    },
  };

  let stopping = false;
  let slotFreed: (() => void) | null = null;
  let stop = (): void => {};
  const stopped = new Promise<null>((resolve) => (stop = () => resolve(null)));
  const queues = new Map<string, StoredRecord[]>();
  const inFlight = new Set<Promise<void>>();

  const process = async (record: StoredRecord): Promise<void> => {
    stats.buffered--;
    stats.inFlight++;
    try {
      const result = await deliverRecord(record, context);
      if (result !== 'abandoned') {
        stats[STAT_OF[result]]++;
        dispatchTotal.inc({ subscription: name, result });
        tracker.complete(record);
      }
    } catch (error) {
      // deliverRecord reports every failure itself; reaching here is a bug, and the record stays uncommitted.
      logger.error(
        { err: error, offset: String(record.offset), partition: record.partition },
        'dispatch failed unexpectedly',
      );
    } finally {
      stats.inFlight--;
      slotFreed?.();
    }
  };

  const start = (task: Promise<void>): void => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  // Ordered: one record in flight per partition, the rest queued behind it in offset order.
  const runPartition = async (queue: StoredRecord[], key: string): Promise<void> => {
    for (let record = queue.shift(); record && !stopping; record = queue.shift()) await process(record);
    queues.delete(key);
  };

  const pump = async (): Promise<void> => {
    const iterator = consumer[Symbol.asyncIterator]();
    while (!stopping) {
      if (stats.buffered + stats.inFlight >= capacity) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        slotFreed = null;
        continue;
      }
      const next = await Promise.race([iterator.next(), stopped]);
      if (!next || next.done) break;
      const record = next.value;
      tracker.track(record);
      stats.buffered++;
      if (subscription.ordering === 'unordered') {
        start(process(record));
        continue;
      }
      const key = `${record.topic}/${record.partition}`;
      const queue = queues.get(key);
      if (queue) queue.push(record);
      else {
        const fresh = [record];
        queues.set(key, fresh);
        start(runPartition(fresh, key));
      }
    }
  };

  const pumping = pump().catch((error: unknown) => logger.error({ err: error }, 'reading the event log failed'));
  logger.info({ topics: subscription.topics, group: subscription.group, url: context.url }, 'dispatcher started');

  let closing: Promise<void> | null = null;
  return {
    stats: () => ({ ...stats }),
    close() {
      closing ??= (async () => {
        stopping = true;
        stop();
        slotFreed?.();
        await pumping;
        const drained = Promise.all(inFlight).then(() => true);
        const finished = await Promise.race([drained, sleep(options.drainTimeoutMs ?? 10_000, false, { ref: false })]);
        // Past the drain time, abort what is left: it stays uncommitted and is redelivered after a restart.
        if (!finished) abort.abort();
        await Promise.all(inFlight);
        await tracker.flush();
        await consumer.close();
        await agent.close();
        logger.info({ ...stats, drained: finished }, 'dispatcher closed');
      })();
      return closing;
    },
  };
}
