/**
 * Delivery on real Kafka through a KafkaSource, against a subscriber that fails (the probe function):
 * a subscriber answering 503 for a while gets every event once it recovers; an event that never succeeds
 * lands in the dead_letters topic with the reason while the rest flow on; an ordered source delivers
 * the events of one key in offset order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import type { EventLog, LogConsumer, StoredRecord } from '../../cluster/local/src/event-log/event-log.ts';
import { createKafkaLog } from '../../cluster/local/src/event-log/kafka-log.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from '../helpers/services.ts';
import { deleteRunTopics } from './helpers/delete-run-topics.ts';
import type { IsolatedRoot } from './helpers/isolated-root.ts';
import {
  createProbeRoot,
  eventually,
  postEvent,
  probeReceived,
  runSuffix,
  startCluster,
} from './helpers/reliability-cluster.ts';

const available =
  (await serviceAvailable('Kafka', TEST_KAFKA_BROKERS)) && (await serviceAvailable('Postgres', TEST_DATABASE_URL));

describe.skipIf(!available)('delivery from a KafkaSource on real Kafka', () => {
  const suffix = runSuffix();
  const brokers = TEST_KAFKA_BROKERS.split(',');
  let root: IsolatedRoot;
  let database: TestDatabase;
  let cluster: LocalCluster | undefined;
  let log: EventLog | undefined;
  let deadLetters: LogConsumer | undefined;
  let probeSink: string;

  beforeAll(async () => {
    root = await createProbeRoot(suffix);
    database = await createTestDatabase();
    cluster = await startCluster({ root, kafkaBrokers: brokers, databaseUrl: database.url, seed: false });
    probeSink = cluster.routes().sinks.find((sink) => sink.kind === 'KafkaSink' && sink.name === 'probe-events')!.url;
    log = createKafkaLog({ brokers, clientId: `helios-reliability-${suffix}` });
    deadLetters = await log.consume({
      group: `dead-letter-reader-${suffix}`,
      topics: [root.topic('dead_letters')],
      initialOffset: 'earliest',
    });
  });

  afterAll(async () => {
    await deadLetters?.close();
    await log?.close();
    await cluster?.close();
    await database?.drop();
    await root?.remove();
    await deleteRunTopics(brokers, suffix);
  });

  const send = (id: string, key: string, seq: number, extra: Record<string, unknown> = {}) =>
    postEvent(probeSink, { id, type: 'dev.helios.test.probe', partitionKey: key, data: { key, seq, ...extra } });

  it(
    'delivers every event after the subscriber recovers from answering 503, and dead-letters the one that never succeeds',
    { timeout: 120_000 },
    async () => {
      const probeUrl = cluster!.serviceUrl('probe')!;
      await fetch(`${probeUrl}/control/outage?ms=1500`, { method: 'POST' }).then((response) => response.arrayBuffer());

      const ids: string[] = [];
      for (let seq = 0; seq < 40; seq++) {
        const id = `retry-${seq}`;
        // Every fifth event also fails its own first two attempts, outage or not.
        expect(await send(id, `key-${seq % 4}`, seq, seq % 5 === 0 ? { failures: 2 } : {})).toBe(202);
        ids.push(id);
        if (seq === 10) expect(await send('retry-poison', 'key-2', seq, { poison: true })).toBe(202);
      }

      const delivered = async () => new Set((await probeReceived(root)).map((event) => event.id));
      await eventually(async () => {
        const set = await delivered();
        return ids.every((id) => set.has(id));
      }, 90_000);
      expect([...(await delivered())].filter((id) => id.startsWith('retry-')).sort()).toEqual([...ids].sort());
      expect(await delivered()).not.toContain('retry-poison');

      const letter = await nextRecord(deadLetters!, (record) => record.headers['ce_id'] === 'retry-poison', 60_000);
      expect(letter.headers['ce_knativeerrorcode']).toBe('503');
      expect(Buffer.from(letter.headers['ce_knativeerrordata'] ?? '', 'base64').toString()).toContain(
        'poisoned event retry-poison',
      );
      expect(letter.headers['ce_knativeerrordest']).toContain(probeUrl.replace('http://', ''));
      expect(JSON.parse(letter.value.toString())).toMatchObject({ poison: true, key: 'key-2' });
    },
  );

  it(
    'delivers the events of one key in the order they were written, retries included',
    { timeout: 120_000 },
    async () => {
      const keys = ['order-a', 'order-b', 'order-c', 'order-d', 'order-e'];
      const written = new Map<string, number[]>(keys.map((key) => [key, []]));
      for (let seq = 0; seq < 150; seq++) {
        const key = keys[seq % keys.length]!;
        // Some events fail once: an ordered source must retry them before the next event of the partition.
        expect(await send(`order-${seq}`, key, seq, seq % 7 === 0 ? { failures: 1 } : {})).toBe(202);
        written.get(key)!.push(seq);
      }

      const arrivals = async () => (await probeReceived(root)).filter((event) => event.id.startsWith('order-'));
      await eventually(async () => new Set((await arrivals()).map((event) => event.id)).size >= 150, 90_000);
      const received = await arrivals();
      for (const key of keys) {
        const sequence = received.filter((event) => event.key === key).map((event) => event.seq);
        expect(sequence, key).toEqual(written.get(key));
      }
    },
  );
});

/** The first record from `consumer` matching `predicate`, within `timeoutMs`. */
async function nextRecord(
  consumer: LogConsumer,
  predicate: (record: StoredRecord) => boolean,
  timeoutMs: number,
): Promise<StoredRecord> {
  const iterator = consumer[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))),
      ),
    ]).finally(() => clearTimeout(timer));
    if (next === 'timeout' || next.done) break;
    if (predicate(next.value)) return next.value;
  }
  throw new Error(`no matching record within ${timeoutMs} ms`);
}
