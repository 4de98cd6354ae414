import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '@platformatic/kafka';
import type { EventLog, LogConsumer, TopicSpec } from './event-log.ts';
import { createKafkaLogConsumer } from './kafka-log-consumer.ts';
import { createKafkaLogProducer, describeError } from './kafka-log-producer.ts';
import { readKafkaTopic } from './read-kafka-topic.ts';

export interface KafkaLogOptions {
  /** KAFKA_BROKERS: host:port bootstrap addresses. */
  readonly brokers: readonly string[];
  /** Names this process's connections in the broker's logs and group listings. */
  readonly clientId: string;
  /**
   * How long produce keeps retrying before it rejects (default 4 s): below the 5 s a function's sink
   * emitter waits, so the caller hears 503 from the sink ingress rather than its own timeout.
   */
  readonly produceTimeoutMs?: number;
  /** Told about failures the log recovers from by itself (a consumer reconnecting), for the cluster's log. */
  readonly onRecoverableError?: (message: string, error: unknown) => void;
}

const TOPIC_READY_TIMEOUT_MS = 10_000;

/**
 * The event log on a real Apache Kafka, behaving as Knative's KafkaSink and KafkaSource data planes do:
 * see kafka-log-producer.ts for how records are written and kafka-log-consumer.ts for how a group reads
 * and commits. Connections open lazily: nothing is contacted until a method is called.
 */
export function createKafkaLog(options: KafkaLogOptions): EventLog {
  const bootstrapBrokers = [...options.brokers];
  const onRecoverableError = options.onRecoverableError ?? (() => undefined);
  const admin = new Admin({ clientId: `${options.clientId}-admin`, bootstrapBrokers });
  admin.on('error', (error: unknown) => onRecoverableError('Kafka admin client error', error));
  const producer = createKafkaLogProducer({
    bootstrapBrokers,
    clientId: `${options.clientId}-producer`,
    produceTimeoutMs: options.produceTimeoutMs ?? 4_000,
    onRecoverableError,
  });
  const consumers = new Set<LogConsumer>();
  let closed = false;

  return {
    kind: 'kafka',

    async createTopics(topics: readonly TopicSpec[]) {
      if (topics.length === 0) return;
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      for (const topic of missing) {
        try {
          await admin.createTopics({ topics: [topic.name], partitions: topic.partitions, replicas: 1 });
        } catch (error) {
          // Another process (a second cluster, a test) created it between our listing and now.
          if (!/TOPIC_ALREADY_EXISTS|already exists/i.test(describeError(error))) throw error;
        }
      }
      if (missing.length > 0)
        await waitForLeaders(
          admin,
          missing.map((topic) => topic.name),
        );
    },

    produce(topic, record) {
      if (closed) return Promise.reject(new Error('the Kafka event log is closed'));
      return producer.produce(topic, record);
    },

    async consume(consumeOptions) {
      if (closed) throw new Error('the Kafka event log is closed');
      const consumer = await createKafkaLogConsumer({
        ...consumeOptions,
        bootstrapBrokers,
        clientId: `${options.clientId}-${consumeOptions.group}`,
        onRecoverableError,
        onClose: () => consumers.delete(consumer),
      });
      consumers.add(consumer);
      return consumer;
    },

    async read(topic) {
      if (closed) throw new Error('the Kafka event log is closed');
      return readKafkaTopic({ admin, bootstrapBrokers, clientId: options.clientId, topic, onRecoverableError });
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...consumers].map((consumer) => consumer.close()));
      await Promise.allSettled([producer.close(), admin.close()]);
    },
  };
}

/** A new topic answers produce and fetch only once its partitions have a leader; creation returns before. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true }).catch(() => undefined);
    const ready = topics.every((name) =>
      metadata?.topics.get(name)?.partitions.every((partition) => partition.leader >= 0),
    );
    if (ready) return;
    await sleep(100);
  }
  throw new Error(`topics ${topics.join(', ')} have no partition leader after ${TOPIC_READY_TIMEOUT_MS} ms`);
}
