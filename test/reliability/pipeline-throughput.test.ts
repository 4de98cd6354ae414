/**
 * Issue 3: the real path is real Kafka. 2,000 bids go in through the ingress of the local cluster running
 * on Apache Kafka; every one must come out as exactly one stored auction outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from '../helpers/services.ts';
import { countOutcomes, postBids } from './helpers/bids.ts';
import { deleteRunTopics } from './helpers/delete-run-topics.ts';
import { createIsolatedRoot, type IsolatedRoot } from './helpers/isolated-root.ts';
import { eventually, runSuffix, startCluster } from './helpers/reliability-cluster.ts';

const available =
  (await serviceAvailable('Kafka', TEST_KAFKA_BROKERS)) && (await serviceAvailable('Postgres', TEST_DATABASE_URL));

describe.skipIf(!available)('the pipeline on real Kafka', () => {
  const suffix = runSuffix();
  let root: IsolatedRoot;
  let database: TestDatabase;
  let cluster: LocalCluster | undefined;

  beforeAll(async () => {
    root = await createIsolatedRoot({ suffix });
    database = await createTestDatabase();
    cluster = await startCluster({ root, kafkaBrokers: TEST_KAFKA_BROKERS.split(','), databaseUrl: database.url });
  });

  afterAll(async () => {
    await cluster?.close();
    await database?.drop();
    await root?.remove();
    await deleteRunTopics(TEST_KAFKA_BROKERS.split(','), suffix);
  });

  it('turns 2,000 accepted bids into 2,000 stored outcomes, none stored twice', { timeout: 300_000 }, async () => {
    const requestIds = Array.from({ length: 2_000 }, (_, index) => `${suffix}-bid-${index}`);
    const results = await postBids({ url: cluster!.url, requestIds, concurrency: 16 });
    expect(results.filter((result) => result.statuses[0] !== 202)).toEqual([]);

    const counts = () => countOutcomes(database.database.$client, `${suffix}-bid-`);
    await eventually(async () => (await counts()).requests >= 2_000, 180_000, 500);
    expect(await counts()).toEqual({ rows: 2_000, requests: 2_000, duplicates: 0 });
    // The table holds one row per outcome id whatever arrives, so ask analytics what it was sent: a bid turned
    // into two different outcome events would show as an `invalid` (400) store, a copy as a `duplicate`.
    const metrics = await (await fetch(new URL('/metrics', cluster!.serviceUrl('analytics')!))).text();
    const stored = (result: string) =>
      Number(new RegExp(`^helios_outcomes_stored_total\\{result="${result}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    expect({ inserted: stored('inserted'), invalid: stored('invalid') }).toEqual({ inserted: 2_000, invalid: 0 });
  });
});
