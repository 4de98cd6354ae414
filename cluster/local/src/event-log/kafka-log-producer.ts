import { setTimeout as sleep } from 'node:timers/promises';
import { compatibilityPartitioner, Producer, stringSerializers, type Partitioner } from '@platformatic/kafka';
import type { LogRecord } from './event-log.ts';
import { withTimeout } from './with-timeout.ts';

export interface KafkaLogProducerOptions {
  readonly bootstrapBrokers: readonly string[];
  readonly clientId: string;
  /** The whole budget of one produce call, retries included. */
  readonly produceTimeoutMs: number;
  readonly onRecoverableError: (message: string, error: unknown) => void;
}

export interface KafkaLogProducer {
  produce(topic: string, record: LogRecord): Promise<{ partition: number; offset: bigint }>;
  close(): Promise<void>;
}

type RecordProducer = Producer<string | undefined, Buffer, string, string>;

// One attempt must leave room for at least one more inside the default 4 s budget.
const ATTEMPT_TIMEOUT_MS = 2_000;

/**
 * Produces as the KafkaSink's data plane does: idempotent, acks=all, keyed records placed by the Java
 * client's murmur2 partitioner (so Knative and Helios agree on where a key lives). A failed or stalled
 * attempt is retried with backoff until the budget is spent, then produce rejects: the sink ingress
 * answers 503 and the sender redelivers; nothing is dropped silently. The client retries a send whose
 * broker is gone for ever rather than failing it, so a stalled attempt closes its client (which fails
 * the sends still waiting in it, to be retried) and later attempts use a fresh one.
 */
export function createKafkaLogProducer(options: KafkaLogProducerOptions): KafkaLogProducer {
  let producer = newProducer(options);
  let closed = false;

  function replace(stalled: RecordProducer): void {
    if (producer !== stalled || closed) return;
    producer = newProducer(options);
    options.onRecoverableError('a Kafka produce request stalled; reconnecting with a new producer', undefined);
    stalled.close(true).catch(() => undefined);
  }

  return {
    async produce(topic, record) {
      const deadline = Date.now() + options.produceTimeoutMs;
      for (let attempt = 1; ; attempt++) {
        if (closed) throw new Error('the Kafka event log is closed');
        const current = producer;
        try {
          const timeoutMs = Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now()));
          const result = await withTimeout(
            current.send({
              messages: [{ topic, key: record.key ?? undefined, value: record.value, headers: { ...record.headers } }],
            }),
            timeoutMs,
            `producing to ${topic}`,
            // Only a full attempt proves a stall; one cut short by the budget may just be slow. Either
            // way the record may still land after the caller heard 503: at least once, never lost.
            () => timeoutMs === ATTEMPT_TIMEOUT_MS && replace(current),
          );
          const written = result.offsets?.find((offset) => offset.topic === topic);
          if (!written) throw new Error(`the broker acknowledged no offset for ${topic}`);
          return { partition: written.partition, offset: written.offset };
        } catch (error) {
          const delay = Math.min(100 * 2 ** (attempt - 1), 1_000);
          if (closed || Date.now() + delay >= deadline) {
            throw new Error(`cannot produce to ${topic} after ${attempt} attempt(s): ${describeError(error)}`, {
              cause: error,
            });
          }
          await sleep(delay);
        }
      }
    },

    async close() {
      closed = true;
      await producer.close(true).catch(() => undefined);
    },
  };
}

function newProducer(options: KafkaLogProducerOptions): RecordProducer {
  const producer: RecordProducer = new Producer({
    clientId: options.clientId,
    bootstrapBrokers: [...options.bootstrapBrokers],
    idempotent: true,
    acks: -1,
    serializers: {
      key: (key) => (key === undefined ? undefined : Buffer.from(key)),
      headerKey: stringSerializers.headerKey,
      headerValue: stringSerializers.headerValue,
    },
    partitioner: keyedOrRoundRobin(),
    // produce() retries within its own budget; the client's retries would outlast it.
    retries: 0,
    // Paths the client retries regardless (initialising the idempotent producer id) wait this long.
    retryDelay: 100,
    connectTimeout: 1_000,
    timeout: ATTEMPT_TIMEOUT_MS,
  });
  producer.on('error', (error: unknown) => options.onRecoverableError('Kafka producer client error', error));
  return producer;
}

/**
 * Keyed records follow the Java client's partitioner (murmur2, sign bit masked), as the KafkaSink's
 * producer places them; unkeyed ones are spread round-robin instead of all landing on partition 0.
 */
function keyedOrRoundRobin(): Partitioner<string | undefined, Buffer, string, string> {
  let next = 0;
  return (message, key) => (key ? compatibilityPartitioner(message, key) : next++ & 0x7fffffff);
}

/**
 * One line for a log reader. The client nests its errors deeply (a MultipleErrors of every retry, each
 * with causes) and repeats itself; the distinct messages, outermost first, say what happened.
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 6) return;
    if (!(value instanceof Error)) {
      if (value !== undefined) messages.push(String(value));
      return;
    }
    messages.push(value.message);
    if (value instanceof AggregateError) for (const nested of value.errors) visit(nested, depth + 1);
    visit(value.cause, depth + 1);
  };
  visit(error, 0);
  const distinct = [...new Set(messages)];
  return distinct.length > 4 ? `${distinct.slice(0, 4).join(' <- ')} <- …` : distinct.join(' <- ');
}
