import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import type { ConsumeOptions, LogConsumer, StoredRecord } from './event-log.ts';
import { withTimeout } from './with-timeout.ts';

export interface KafkaLogConsumerOptions extends ConsumeOptions {
  readonly bootstrapBrokers: readonly string[];
  readonly clientId: string;
  readonly onRecoverableError: (message: string, error: unknown) => void;
  readonly onClose: () => void;
}

type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;
type KafkaStream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

// A dead member is dropped from its group after sessionTimeout: after a crash the restarted cluster
// waits this long to get its partitions back. The broker's minimum is 6 s.
const SESSION_TIMEOUT_MS = 10_000;
const MAX_REOPEN_DELAY_MS = 5_000;
// Joining waits for the members the group already has: at most the session timeout of a dead one.
const JOIN_TIMEOUT_MS = SESSION_TIMEOUT_MS + 20_000;
const COMMIT_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * One member of a consumer group, as a KafkaSource dispatcher is: it reads from the group's committed
 * offsets (or the initial offset for a new group) and commits only what it is told to. When the broker
 * goes away the client's stream dies; this member then reopens it with backoff until the broker answers,
 * resuming from the committed offsets, so records handed out but not committed come again (at least once).
 * Resolves once the member has joined its group and knows its starting offsets; rejects when it cannot.
 */
export async function createKafkaLogConsumer(options: KafkaLogConsumerOptions): Promise<LogConsumer> {
  let consumer = newConsumer(options);
  let stream: KafkaStream;
  try {
    stream = await withTimeout(openStream(consumer, options), JOIN_TIMEOUT_MS, `joining group ${options.group}`);
    // Only then is "latest" a position: a record produced after consume() resolved is read.
    await withTimeout(startingOffsetsKnown(consumer, stream), JOIN_TIMEOUT_MS, `positioning group ${options.group}`);
    if (options.initialOffset === 'latest') await pinStartingOffsets(consumer, stream);
  } catch (error) {
    void consumer.close(true).catch(() => undefined);
    throw error;
  }
  const commits = createCommitter(() => consumer);
  let closed = false;

  async function reopen(): Promise<boolean> {
    for (let attempt = 1; !closed; attempt++) {
      await sleep(Math.min(250 * 2 ** attempt, MAX_REOPEN_DELAY_MS));
      if (closed) return false;
      // A fresh member: the old one's connections and group state are whatever the outage left. Its
      // close is not awaited, as it may wait on the very broker that is gone.
      void release(consumer, stream);
      consumer = newConsumer(options);
      try {
        stream = await withTimeout(openStream(consumer, options), JOIN_TIMEOUT_MS, `joining group ${options.group}`);
        return true;
      } catch (error) {
        options.onRecoverableError(`consumer group ${options.group} cannot reconnect yet (attempt ${attempt})`, error);
      }
    }
    return false;
  }

  async function* records(): AsyncGenerator<StoredRecord> {
    while (!closed) {
      try {
        // Kept open when a caller stops iterating, so a later iteration continues where it left off.
        for await (const message of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<KafkaMessage>) {
          yield toStoredRecord(message);
        }
        if (closed) return;
        throw new Error('the consumer stream ended');
      } catch (error) {
        if (closed) return;
        options.onRecoverableError(`consumer group ${options.group} lost its broker connection; reconnecting`, error);
        if (!(await reopen())) return;
      }
    }
  }

  // One sequence however many times it is iterated, like the embedded log: a caller that stops after a
  // few records and iterates again continues where it stopped, and no record is split off to a stale reader.
  const sequence = records();
  return {
    [Symbol.asyncIterator]: () => ({ next: () => sequence.next() }),
    commit: (record) => commits.commit(record),
    async close() {
      if (closed) return;
      closed = true;
      await release(consumer, stream);
      options.onClose();
    },
  };
}

/** Leaves the group and closes the connections, in bounded time: a member that cannot leave times out. */
async function release(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, stream: KafkaStream): Promise<void> {
  try {
    await withTimeout(stream.close(), CLOSE_TIMEOUT_MS, 'closing the consumer stream');
    await withTimeout(consumer.close(), CLOSE_TIMEOUT_MS, 'leaving the consumer group');
  } catch {
    await withTimeout(consumer.close(true), CLOSE_TIMEOUT_MS, 'closing the consumer').catch(() => undefined);
  }
}

function newConsumer(options: KafkaLogConsumerOptions): Consumer<Buffer, Buffer, Buffer, Buffer> {
  const consumer = new Consumer({
    groupId: options.group,
    clientId: options.clientId,
    bootstrapBrokers: [...options.bootstrapBrokers],
    autocommit: false,
    sessionTimeout: SESSION_TIMEOUT_MS,
    rebalanceTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: 1_000,
    // A fetch returns as soon as one record is there (latency over batching: the dispatcher pipelines
    // deliveries anyway); short long-polls keep close() prompt on an idle local topic.
    minBytes: 1,
    maxWaitTime: 500,
    highWaterMark: 256,
    connectTimeout: 1_000,
    retries: 3,
    retryDelay: 500,
  });
  // The client emits 'error' when a rejoin fails; unheard, Node would end the process.
  consumer.on('error', (error: unknown) =>
    options.onRecoverableError(`consumer group ${options.group}: client error`, error),
  );
  return consumer;
}

function openStream(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, options: ConsumeOptions): Promise<KafkaStream> {
  return consumer.consume({
    topics: [...options.topics],
    mode: 'committed',
    fallbackMode: options.initialOffset,
    autocommit: false,
  });
}

/** Resolves once the stream knows the fetch offset of every partition assigned to the member. */
async function startingOffsetsKnown(
  consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
  stream: KafkaStream,
): Promise<void> {
  const known = () =>
    (consumer.assignments ?? []).every(({ topic, partitions }) =>
      partitions.every((partition) => stream.offsetsToFetch.has(`${topic}:${partition}`)),
    );
  while (!known()) {
    if (stream.destroyed) throw new Error('the consumer stream closed before its offsets were known');
    // Polled: the stream's 'offsets' event may fire before a listener could be added.
    await sleep(20);
  }
}

/**
 * Commits where a new `latest` group starts, as Knative's KafkaSource controller initialises a new
 * group's offsets: otherwise a restart before the first commit would start at the then-latest offset and
 * skip whatever arrived in between.
 */
async function pinStartingOffsets(
  consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
  stream: KafkaStream,
): Promise<void> {
  const assignments = consumer.assignments ?? [];
  if (assignments.length === 0) return;
  const committed = await consumer.listCommittedOffsets({ topics: assignments });
  const offsets = assignments.flatMap(({ topic, partitions }) =>
    partitions
      .filter((partition) => (committed.get(topic)?.[partition] ?? -1n) < 0n)
      .map((partition) => ({
        topic,
        partition,
        offset: stream.offsetsToFetch.get(`${topic}:${partition}`),
        leaderEpoch: -1,
      }))
      .filter((entry): entry is typeof entry & { offset: bigint } => entry.offset !== undefined && entry.offset >= 0n),
  );
  if (offsets.length > 0) await consumer.commit({ offsets });
}

interface PendingCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/**
 * Commits offsets monotonically per partition, coalescing concurrent calls into one request at a time:
 * OffsetCommit requests racing on one partition could land out of order and move the group backwards.
 * `commit(record)` resolves once record.offset + 1 (the next record to read) or later is committed.
 */
function createCommitter(currentConsumer: () => Consumer<Buffer, Buffer, Buffer, Buffer>) {
  const committed = new Map<string, bigint>();
  const pending = new Map<string, PendingCommit>();
  let inflight: Promise<void> | undefined;

  async function flush(): Promise<void> {
    const batch = [...pending.values()];
    pending.clear();
    try {
      const offsets = batch.map((entry) => ({ ...entry, leaderEpoch: -1 }));
      await withTimeout(currentConsumer().commit({ offsets }), COMMIT_TIMEOUT_MS, 'committing offsets');
    } catch (error) {
      for (const entry of batch) enqueue(entry);
      throw error;
    }
    for (const entry of batch) {
      const key = `${entry.topic}:${entry.partition}`;
      if ((committed.get(key) ?? -1n) < entry.offset) committed.set(key, entry.offset);
    }
  }

  function enqueue(entry: PendingCommit): void {
    const key = `${entry.topic}:${entry.partition}`;
    const queued = pending.get(key);
    if (!queued || queued.offset < entry.offset) pending.set(key, entry);
  }

  return {
    async commit(record: StoredRecord): Promise<void> {
      const key = `${record.topic}:${record.partition}`;
      const offset = record.offset + 1n;
      enqueue({ topic: record.topic, partition: record.partition, offset });
      while ((committed.get(key) ?? -1n) < offset) {
        inflight ??= flush().finally(() => (inflight = undefined));
        await inflight;
      }
    },
  };
}

function toStoredRecord(message: KafkaMessage): StoredRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of message.headerEntries) headers[name.toString()] = value?.toString() ?? '';
  return Object.freeze({
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
    key: message.key && message.key.length > 0 ? message.key.toString() : null,
    value: message.value ?? Buffer.alloc(0),
    headers: Object.freeze(headers),
  });
}
