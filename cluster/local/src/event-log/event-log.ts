/**
 * The event log under the local cluster: what Kafka is to Knative Eventing. Two implementations sit
 * behind this one interface, the embedded in-memory log (the default) and real Apache Kafka (when
 * KAFKA_BROKERS is set), and one contract test suite runs against both so they cannot drift.
 *
 * Records are held as a KafkaSink writes them in binary content mode: CloudEvent attributes as `ce_`
 * headers, data as the value, the `partitionkey` extension as the key (CloudEvents Kafka binding §3.2).
 */

/** A record to append. */
export interface LogRecord {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** A record as read back: where it sits in the log. */
export interface StoredRecord extends LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface ConsumeOptions {
  /** The consumer group: one per KafkaSource or Trigger; its committed offsets survive a restart. */
  readonly group: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts. */
  readonly initialOffset: 'earliest' | 'latest';
}

/**
 * A group member's view of its partitions. Iterating yields records in offset order within each
 * partition; not pulling the next record is the backpressure. `commit(record)` marks that record and
 * every earlier one of its partition as done: after a restart the group resumes just past it.
 */
export interface LogConsumer extends AsyncIterable<StoredRecord> {
  commit(record: StoredRecord): Promise<void>;
  close(): Promise<void>;
}

export interface EventLog {
  readonly kind: 'embedded' | 'kafka';
  /** Creates the topics that do not exist yet, with the given partition count. */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /**
   * Appends a record; resolves once it is durable in the log. A record with a key always lands in the
   * same partition of its topic. Rejects when the log cannot take it (the caller answers 503).
   */
  produce(topic: string, record: LogRecord): Promise<{ partition: number; offset: bigint }>;
  consume(options: ConsumeOptions): Promise<LogConsumer>;
  /**
   * Every record the topic holds now, partition by partition in offset order, without joining or moving
   * any consumer group (what `npm run dead-letters` lists). A topic that does not exist reads as empty.
   */
  read(topic: string): Promise<readonly StoredRecord[]>;
  close(): Promise<void>;
}
