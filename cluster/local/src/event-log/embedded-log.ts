import type { ConsumeOptions, EventLog, LogConsumer, LogRecord, StoredRecord, TopicSpec } from './event-log.ts';
import { partitionForKey } from './partition-for-key.ts';

export interface EmbeddedLogOptions {
  /** Partitions of a topic used before createTopics named it (Kafka's auto-create, `num.partitions`). Default 1. */
  readonly partitions?: number;
  /**
   * Records kept per partition; older ones are dropped, as Kafka's retention drops old segments. A
   * consumer positioned before the oldest kept record resumes at it (`auto.offset.reset`). Default 100,000.
   */
  readonly retainRecords?: number;
}

interface Partition {
  records: StoredRecord[];
  /** Offset of records[0]. */
  start: number;
}

interface Topic {
  readonly name: string;
  readonly partitions: Partition[];
  /** Next partition for a record without a key (Kafka's round-robin for null keys). */
  nextPartition: number;
  /** Readers waiting for a record on this topic. */
  readonly waiters: Set<() => void>;
}

/**
 * The default event log of the local cluster: Kafka's semantics in memory. Topics have partitions, a key
 * always maps to the same partition (Kafka's murmur2 partitioner), null keys go round-robin, offsets count
 * per partition from 0. A consumer group's committed offsets outlive its consumers: the next member
 * resumes just past the last commit, or at `initialOffset` when the group never committed. A group has one
 * member at a time (the local cluster runs one dispatcher per subscription); a second concurrent member is
 * refused rather than silently sharing partitions. Reading is pull-based; close() ends every reader.
 */
export function createEmbeddedLog(options: EmbeddedLogOptions = {}): EventLog {
  const defaultPartitions = options.partitions ?? 1;
  const retain = options.retainRecords ?? 100_000;
  if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1)
    throw new RangeError('partitions must be a positive integer');
  if (!Number.isInteger(retain) || retain < 1) throw new RangeError('retainRecords must be a positive integer');
  const topics = new Map<string, Topic>();
  /** group → `topic/partition` → next offset to read (Kafka's committed offset). */
  const committed = new Map<string, Map<string, number>>();
  const members = new Set<string>();
  const consumers = new Set<EmbeddedConsumer>();
  let closed = false;

  const topicFor = (name: string, partitions = defaultPartitions): Topic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = {
        name,
        partitions: Array.from({ length: partitions }, () => ({ records: [], start: 0 })),
        nextPartition: 0,
        waiters: new Set(),
      };
      topics.set(name, topic);
    }
    return topic;
  };

  return {
    kind: 'embedded',
    async createTopics(specs: readonly TopicSpec[]) {
      if (closed) throw new Error('event log is closed');
      for (const spec of specs) {
        if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
          throw new RangeError(`topic ${spec.name}: partitions must be a positive integer`);
        }
        topicFor(spec.name, spec.partitions);
      }
    },

    async produce(topicName: string, record: LogRecord) {
      if (closed) throw new Error('event log is closed');
      const topic = topicFor(topicName);
      const count = topic.partitions.length;
      const partitionIndex = record.key === null ? topic.nextPartition++ % count : partitionForKey(record.key, count);
      const partition = topic.partitions[partitionIndex] as Partition;
      const offset = partition.start + partition.records.length;
      partition.records.push(
        Object.freeze({
          topic: topicName,
          partition: partitionIndex,
          offset: BigInt(offset),
          timestamp: Date.now(),
          key: record.key,
          value: record.value,
          headers: Object.freeze({ ...record.headers }),
        }),
      );
      // Trim in batches, so the copy is paid once per quarter of the retention, not per record.
      if (partition.records.length > retain + Math.ceil(retain / 4)) {
        const drop = partition.records.length - retain;
        partition.records = partition.records.slice(drop);
        partition.start += drop;
      }
      const waiters = [...topic.waiters];
      topic.waiters.clear();
      for (const wake of waiters) wake();
      return { partition: partitionIndex, offset: BigInt(offset) };
    },

    async consume(consumeOptions: ConsumeOptions) {
      if (closed) throw new Error('event log is closed');
      if (members.has(consumeOptions.group)) {
        throw new Error(`consumer group ${consumeOptions.group} already has a member: close it first`);
      }
      members.add(consumeOptions.group);
      const offsets = committed.get(consumeOptions.group) ?? new Map<string, number>();
      committed.set(consumeOptions.group, offsets);
      const consumer = new EmbeddedConsumer({
        topics: consumeOptions.topics.map((name) => topicFor(name)),
        committed: offsets,
        initialOffset: consumeOptions.initialOffset,
        isClosed: () => closed,
        onClose: () => {
          members.delete(consumeOptions.group);
          consumers.delete(consumer);
        },
      });
      consumers.add(consumer);
      return consumer;
    },

    async read(topicName: string) {
      if (closed) throw new Error('event log is closed');
      return topics.get(topicName)?.partitions.flatMap((partition) => partition.records) ?? [];
    },

    async close() {
      closed = true;
      await Promise.all([...consumers].map((consumer) => consumer.close()));
    },
  };
}

interface Assignment {
  readonly topic: Topic;
  readonly index: number;
  readonly key: string;
  /** Next offset this member reads. */
  position: number;
}

class EmbeddedConsumer implements LogConsumer {
  readonly #assignments: Assignment[];
  readonly #topics: readonly Topic[];
  readonly #committed: Map<string, number>;
  readonly #isLogClosed: () => boolean;
  readonly #onClose: () => void;
  readonly #wakers = new Set<() => void>();
  #cursor = 0;
  #closed = false;

  constructor(options: {
    topics: readonly Topic[];
    committed: Map<string, number>;
    initialOffset: 'earliest' | 'latest';
    isClosed: () => boolean;
    onClose: () => void;
  }) {
    this.#topics = options.topics;
    this.#committed = options.committed;
    this.#isLogClosed = options.isClosed;
    this.#onClose = options.onClose;
    this.#assignments = options.topics.flatMap((topic) =>
      topic.partitions.map((partition, index) => {
        const key = `${topic.name}/${index}`;
        const end = partition.start + partition.records.length;
        let position = this.#committed.get(key);
        if (position === undefined) {
          position = options.initialOffset === 'earliest' ? partition.start : end;
          // A new `latest` group pins where it started, as Knative's KafkaSource commits it at once: a
          // member that closes before its first commit must not skip what arrived in between.
          if (options.initialOffset === 'latest') this.#committed.set(key, position);
        }
        return { topic, index, key, position };
      }),
    );
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredRecord> {
    return { next: () => this.#next() };
  }

  async commit(record: StoredRecord): Promise<void> {
    const key = `${record.topic}/${record.partition}`;
    if (!this.#assignments.some((assignment) => assignment.key === key)) {
      throw new Error(`cannot commit ${key}: the partition is not assigned to this consumer`);
    }
    // Kafka's committed offset is the next one to read; a late commit of an earlier record never moves
    // the group back, as with the Kafka transport.
    this.#committed.set(key, Math.max(this.#committed.get(key) ?? 0, Number(record.offset) + 1));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
    for (const wake of [...this.#wakers]) wake();
  }

  async #next(): Promise<IteratorResult<StoredRecord>> {
    for (;;) {
      if (this.#closed || this.#isLogClosed()) return { done: true, value: undefined };
      const record = this.#take();
      if (record) return { done: false, value: record };
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#wakers.delete(wake);
          for (const topic of this.#topics) topic.waiters.delete(wake);
          resolve();
        };
        this.#wakers.add(wake);
        for (const topic of this.#topics) topic.waiters.add(wake);
      });
    }
  }

  /** The next record of the first partition with one, starting after the last partition read: no partition starves. */
  #take(): StoredRecord | undefined {
    const count = this.#assignments.length;
    for (let step = 0; step < count; step++) {
      const assignment = this.#assignments[(this.#cursor + step) % count] as Assignment;
      const partition = assignment.topic.partitions[assignment.index] as Partition;
      const position = Math.max(assignment.position, partition.start);
      if (position >= partition.start + partition.records.length) continue;
      assignment.position = position + 1;
      this.#cursor = (this.#cursor + step + 1) % count;
      return partition.records[position - partition.start];
    }
    return undefined;
  }
}
