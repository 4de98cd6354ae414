import { setTimeout as sleep } from 'node:timers/promises';
import { Producer, stringSerializers } from '@platformatic/kafka';
import type { LogRecord } from './event-log.ts';
import { partitionForKey } from './partition-for-key.ts';
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
 * the sends still waiting in it, to be retried) and later attempts use a fresh one. Records produced
 * within LINGER_MS of each other share one produce request (see createBatcher).
 */
export function createKafkaLogProducer(options: KafkaLogProducerOptions): KafkaLogProducer {
  let producer = newProducer(options);
  let closed = false;
  const batcher = createBatcher();

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
          return await withTimeout(
            batcher.add(current, topic, record),
            timeoutMs,
            `producing to ${topic}`,
            // Only a full attempt proves a stall; one cut short by the budget may just be slow. Either
            // way the record may still land after the caller heard 503: at least once, never lost.
            () => timeoutMs === ATTEMPT_TIMEOUT_MS && replace(current),
          );
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

/** How long a record waits for others to share its produce request (Kafka's linger.ms). */
export const LINGER_MS = 1;
/** Records in one produce request at most. */
const MAX_BATCH = 500;

interface Waiting {
  readonly topic: string;
  readonly record: LogRecord;
  readonly resolve: (written: { partition: number; offset: bigint }) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the records produced within LINGER_MS into one produce request per client, as the Java
 * client's linger.ms does: under load one request, one broker round trip and one acknowledgement carry
 * many records; when idle a record waits a millisecond. Records are placed on their partitions here
 * (murmur2 for a key, round-robin otherwise) so each learns its own offset: a partition's records in one
 * request get consecutive offsets from the base offset the broker answers. A failed request rejects all
 * of its records; each produce() retries its own.
 */
function createBatcher() {
  let open: { client: RecordProducer; waiting: Waiting[] } | undefined;
  const partitionCounts = new Map<string, number>();
  let roundRobin = 0;

  const partitionsOf = async (client: RecordProducer, topics: string[]): Promise<Map<string, number>> => {
    const unknown = topics.filter((topic) => !partitionCounts.has(topic));
    if (unknown.length > 0) {
      const metadata = await client.metadata({ topics: unknown });
      for (const topic of unknown) {
        const count = metadata.topics.get(topic)?.partitionsCount;
        if (!count) throw new Error(`the broker knows no partitions of ${topic}`);
        partitionCounts.set(topic, count);
      }
    }
    return partitionCounts;
  };

  const send = async (client: RecordProducer, waiting: Waiting[]): Promise<void> => {
    try {
      const counts = await partitionsOf(client, [...new Set(waiting.map((item) => item.topic))]);
      const messages = waiting.map(({ topic, record }) => {
        const count = counts.get(topic)!;
        return {
          topic,
          key: record.key ?? undefined,
          value: record.value,
          headers: { ...record.headers },
          partition: record.key === null ? roundRobin++ % count : partitionForKey(record.key, count),
        };
      });
      const result = await client.send({ messages });
      const base = new Map(
        (result.offsets ?? []).map((written) => [`${written.topic}/${written.partition}`, written.offset]),
      );
      const next = new Map<string, bigint>();
      messages.forEach((message, index) => {
        const key = `${message.topic}/${message.partition}`;
        const offset = next.get(key) ?? base.get(key);
        if (offset === undefined) {
          waiting[index]!.reject(new Error(`the broker acknowledged no offset for ${message.topic}`));
          return;
        }
        next.set(key, offset + 1n);
        waiting[index]!.resolve({ partition: message.partition, offset });
      });
    } catch (error) {
      // A topic may have been re-created with other partitions: learn them again on the next request.
      partitionCounts.clear();
      for (const item of waiting) item.reject(error);
    }
  };

  return {
    add(client: RecordProducer, topic: string, record: LogRecord): Promise<{ partition: number; offset: bigint }> {
      return new Promise((resolve, reject) => {
        if (!open || open.client !== client) {
          const batch = { client, waiting: [] as Waiting[] };
          open = batch;
          setTimeout(() => {
            if (open === batch) open = undefined;
            void send(batch.client, batch.waiting);
          }, LINGER_MS);
        }
        const batch = open;
        batch.waiting.push({ topic, record, resolve, reject });
        if (batch.waiting.length >= MAX_BATCH) open = undefined;
      });
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
