/**
 * The EventLog contract, run against both implementations: the embedded log `npm start` uses and real
 * Apache Kafka (`npm run kafka start`, or HELIOS_TEST_KAFKA_BROKERS / KAFKA_BROKERS). What the dispatchers
 * and the sink ingress rely on must hold for both, or the local cluster would pass tests the real path fails.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serviceAvailable, TEST_KAFKA_BROKERS } from '../../../test/helpers/services.ts';
import { freePort } from '../../../test/helpers/free-port.ts';
import { createEmbeddedLog } from '../src/event-log/embedded-log.ts';
import type { EventLog, LogConsumer, LogRecord, StoredRecord } from '../src/event-log/event-log.ts';
import { createKafkaLog } from '../src/event-log/kafka-log.ts';
import { partitionForKey } from '../src/event-log/partition-for-key.ts';
import { deleteRunTopics } from '../../../test/reliability/helpers/delete-run-topics.ts';

const run = randomBytes(4).toString('hex');
const kafkaBrokers = TEST_KAFKA_BROKERS.split(',').map((broker) => broker.trim());
const kafkaAvailable = await serviceAvailable('Kafka', TEST_KAFKA_BROKERS);

const implementations = [
  { name: 'embedded', available: true, create: (): EventLog => createEmbeddedLog() },
  {
    name: 'kafka',
    available: kafkaAvailable,
    create: (): EventLog => createKafkaLog({ brokers: kafkaBrokers, clientId: `helios-contract-${run}` }),
  },
] as const;

/** A CloudEvent as a KafkaSink writes it in binary content mode: attributes as ce_ headers. */
function cloudEventRecord(key: string | null, id: string): LogRecord {
  return {
    key,
    value: Buffer.from(JSON.stringify({ id })),
    headers: {
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: '/helios/contract',
      ce_type: 'dev.helios.bid.request',
      ce_partitionkey: key ?? '',
      'content-type': 'application/json',
    },
  };
}

const idOf = (record: StoredRecord) => record.headers['ce_id'];

/** Pulls `count` records from the consumer's one sequence, failing after `timeoutMs` instead of hanging. */
async function take(consumer: LogConsumer, count: number, timeoutMs = 20_000): Promise<StoredRecord[]> {
  const iterator = consumer[Symbol.asyncIterator]();
  const taken: StoredRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))),
      ),
    ]).finally(() => clearTimeout(timer));
    if (next === 'timeout') throw new Error(`only ${taken.length} of ${count} records arrived in ${timeoutMs} ms`);
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

for (const implementation of implementations) {
  describe.skipIf(!implementation.available)(`EventLog contract: ${implementation.name}`, () => {
    let log: EventLog;
    let topicCount = 0;
    const consumers: LogConsumer[] = [];

    /** A topic no earlier test or run has touched: Kafka keeps topics and groups between runs. */
    async function freshTopic(partitions: number): Promise<string> {
      const name = `contract-${run}-${implementation.name}-${++topicCount}`;
      await log.createTopics([{ name, partitions }]);
      return name;
    }

    async function consume(
      group: string,
      topics: string[],
      initialOffset: 'earliest' | 'latest',
    ): Promise<LogConsumer> {
      const consumer = await log.consume({ group: `${group}-${run}`, topics, initialOffset });
      consumers.push(consumer);
      return consumer;
    }

    beforeAll(() => {
      log = implementation.create();
    });

    afterAll(async () => {
      await Promise.all(consumers.map((consumer) => consumer.close()));
      await log?.close();
      if (implementation.name === 'kafka') await deleteRunTopics(kafkaBrokers, `contract-${run}-`);
    });

    it('reports which log it is', () => {
      expect(log.kind).toBe(implementation.name);
    });

    it('round-trips a record with its key, value and ce_ headers, where produce said it went', async () => {
      const topic = await freshTopic(3);
      const before = Date.now();
      const written = await log.produce(topic, cloudEventRecord('request-1', 'event-1'));
      const after = Date.now();
      const consumer = await consume('round-trip', [topic], 'earliest');
      const [record] = await take(consumer, 1);

      expect(record).toMatchObject({ topic, key: 'request-1', partition: written.partition, offset: written.offset });
      expect(record!.value.toString()).toBe(JSON.stringify({ id: 'event-1' }));
      expect(record!.headers).toEqual(cloudEventRecord('request-1', 'event-1').headers);
      // Stamped when produced (Kafka's CreateTime), not when read.
      expect(record!.timestamp).toBeGreaterThanOrEqual(before);
      expect(record!.timestamp).toBeLessThanOrEqual(after);
    });

    it('tells each of many records produced at once exactly where it went', async () => {
      const topic = await freshTopic(3);
      const keys = ['bid-1', 'bid-2', null];
      // Produced together, so a batching producer sends them in shared requests.
      const written = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          log.produce(topic, cloudEventRecord(keys[index % keys.length]!, `event-${index}`)),
        ),
      );
      const consumer = await consume('at-once', [topic], 'earliest');
      const records = await take(consumer, 40);
      const where = new Map(records.map((record) => [idOf(record), `${record.partition}/${record.offset}`]));
      written.forEach((entry, index) => expect(where.get(`event-${index}`)).toBe(`${entry.partition}/${entry.offset}`));
      expect(new Set(written.map((entry) => `${entry.partition}/${entry.offset}`)).size).toBe(40);
    });

    it('puts every record of a key in the partition Kafka’s murmur2 partitioner picks, in produce order', async () => {
      const topic = await freshTopic(4);
      const keys = ['bid-42', 'bid-7', 'campaign-3'];
      const written: { key: string; partition: number; offset: bigint }[] = [];
      for (let index = 0; index < 30; index++) {
        const key = keys[index % keys.length]!;
        written.push({ key, ...(await log.produce(topic, cloudEventRecord(key, `${key}#${index}`))) });
      }
      for (const key of keys) {
        const ofKey = written.filter((entry) => entry.key === key);
        expect(new Set(ofKey.map((entry) => entry.partition))).toEqual(new Set([partitionForKey(key, 4)]));
      }

      const consumer = await consume('ordering', [topic], 'earliest');
      const records = await take(consumer, 30);
      for (const key of keys) {
        const ofKey = records.filter((record) => record.key === key);
        const sequence = ofKey.map((record) => Number(idOf(record)!.split('#')[1]));
        expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
        const offsets = ofKey.map((record) => record.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
      }
    });

    it('spreads records without a key over more than one partition', async () => {
      const topic = await freshTopic(3);
      const partitions = new Set<number>();
      for (let index = 0; index < 9; index++)
        partitions.add((await log.produce(topic, cloudEventRecord(null, `n${index}`))).partition);
      expect(partitions.size).toBeGreaterThan(1);
    });

    it('resumes a group just past its last commit after its member closed', async () => {
      const topic = await freshTopic(1);
      for (let index = 0; index < 10; index++) await log.produce(topic, cloudEventRecord('same', `r${index}`));

      const first = await consume('resume', [topic], 'earliest');
      const read = await take(first, 6);
      expect(read.map(idOf)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
      // r4 and r5 were read but never committed: a dispatcher that crashed while delivering them.
      await first.commit(read[3]!);
      await first.close();

      const second = await consume('resume', [topic], 'earliest');
      expect((await take(second, 6)).map(idOf)).toEqual(['r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    });

    it('starts a new group at the end with initialOffset latest and at the beginning with earliest', async () => {
      const topic = await freshTopic(2);
      for (let index = 0; index < 3; index++) await log.produce(topic, cloudEventRecord(`k${index}`, `old${index}`));

      const latest = await consume('latest', [topic], 'latest');
      for (let index = 0; index < 2; index++) await log.produce(topic, cloudEventRecord(`k${index}`, `new${index}`));
      expect((await take(latest, 2)).map(idOf).sort()).toEqual(['new0', 'new1']);

      const earliest = await consume('earliest', [topic], 'earliest');
      expect((await take(earliest, 5)).map(idOf).sort()).toEqual(['new0', 'new1', 'old0', 'old1', 'old2']);
    });

    // Knative's KafkaSource controller commits a new group's initial offsets, so a source restarted before
    // its first commit still delivers what arrived meanwhile. Both logs pin that starting point.
    it('keeps a latest group’s starting point when its member closes before committing anything', async () => {
      const topic = await freshTopic(1);
      await log.produce(topic, cloudEventRecord('k', 'before'));
      const first = await consume('latest-pinned', [topic], 'latest');
      await first.close();
      // Arrives while the group has no member: Knative's source would deliver it once the group is back.
      await log.produce(topic, cloudEventRecord('k', 'while-away'));

      const second = await consume('latest-pinned', [topic], 'latest');
      expect((await take(second, 1)).map(idOf)).toEqual(['while-away']);
    });

    it('gives every record to each of two groups reading the same topic', async () => {
      const topic = await freshTopic(3);
      const ids = Array.from({ length: 12 }, (_, index) => `both${index}`);
      for (const id of ids) await log.produce(topic, cloudEventRecord(id, id));

      const [bidder, analytics] = await Promise.all([
        consume('group-a', [topic], 'earliest'),
        consume('group-b', [topic], 'earliest'),
      ]);
      expect((await take(bidder, 12)).map(idOf).sort()).toEqual([...ids].sort());
      expect((await take(analytics, 12)).map(idOf).sort()).toEqual([...ids].sort());
    });

    it('reads several topics through one group', async () => {
      const [requests, responses] = [await freshTopic(1), await freshTopic(2)];
      await log.produce(requests, cloudEventRecord('r', 'request'));
      await log.produce(responses, cloudEventRecord('r', 'response'));
      const consumer = await consume('multi-topic', [requests, responses], 'earliest');
      const records = await take(consumer, 2);
      expect(records.map((record) => `${record.topic}:${idOf(record)}`).sort()).toEqual(
        [`${requests}:request`, `${responses}:response`].sort(),
      );
    });

    it('reads every record a topic holds, by partition and offset, without moving any group', async () => {
      const topic = await freshTopic(2);
      const written = ['a', 'b', 'c', 'd', 'e'].map((key, index) => cloudEventRecord(key, `read-${index}`));
      const places = [];
      for (const record of written) places.push(await log.produce(topic, record));
      const group = await consume('after-read', [topic], 'earliest');
      const read = await log.read(topic);
      expect(read.map((record) => [record.partition, record.offset, idOf(record)])).toEqual(
        places
          .map((place, index) => [place.partition, place.offset, `read-${index}`] as const)
          .sort((a, b) => a[0] - b[0] || Number(a[1] - b[1])),
      );
      expect((await take(group, 5)).map(idOf).sort()).toEqual(written.map((record) => record.headers['ce_id']).sort());
      expect(await log.read(`contract-${run}-${implementation.name}-absent`)).toEqual([]);
    });

    it('ends a pending read when the consumer closes', async () => {
      const topic = await freshTopic(1);
      const consumer = await consume('close', [topic], 'earliest');
      const pending = consumer[Symbol.asyncIterator]().next();
      await consumer.close();
      await expect(pending).resolves.toMatchObject({ done: true });
    });
  });
}

describe('Kafka event log without a broker', () => {
  it('rejects produce when its time budget is spent, not before, instead of hanging or dropping the record', async () => {
    const port = await freePort();
    // The budget is ours (produce's deadline and attempt timers): run it on a fake clock, so the test waits
    // for the budget to be spent rather than measuring how long the rejection took.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const log = createKafkaLog({
      brokers: [`127.0.0.1:${port}`],
      clientId: 'helios-contract-down',
      produceTimeoutMs: 1_000,
    });
    try {
      let outcome: unknown;
      void log.produce('bid_requests', cloudEventRecord('k', 'lost?')).then(
        () => (outcome = 'resolved'),
        (error: unknown) => (outcome = error),
      );
      await vi.advanceTimersByTimeAsync(999);
      await new Promise((resolve) => setImmediate(resolve));
      expect(outcome).toBeUndefined();

      await vi.advanceTimersByTimeAsync(1);
      await new Promise((resolve) => setImmediate(resolve));
      // An answer the caller can turn into a 503: a rejection naming the topic, never a silent success.
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toMatch(/cannot produce to bid_requests/);
    } finally {
      vi.useRealTimers();
      await log.close();
    }
  });
});
