/**
 * The local cluster killed mid-stream (SIGKILL: no dispatcher commits on the way out) and started again
 * on the same Kafka topics and consumer groups: it resumes from the committed offsets, nothing accepted is
 * lost, and what is delivered twice is absorbed (analytics is idempotent on the CloudEvent source and id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from '../helpers/services.ts';
import { countOutcomes, postBids, type BidResult } from './helpers/bids.ts';
import { startClusterProcess, type ClusterProcess } from './helpers/cluster-process.ts';
import { deleteRunTopics } from './helpers/delete-run-topics.ts';
import { createIsolatedRoot, type IsolatedRoot } from './helpers/isolated-root.ts';
import { eventually, runSuffix } from './helpers/reliability-cluster.ts';

const available =
  (await serviceAvailable('Kafka', TEST_KAFKA_BROKERS)) && (await serviceAvailable('Postgres', TEST_DATABASE_URL));

describe.skipIf(!available)('a crash of the local cluster on real Kafka', () => {
  const suffix = runSuffix();
  let root: IsolatedRoot;
  let database: TestDatabase;
  let running: ClusterProcess | undefined;

  beforeAll(async () => {
    root = await createIsolatedRoot({ suffix });
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await running?.stop();
    await database?.drop();
    await root?.remove();
    await deleteRunTopics(TEST_KAFKA_BROKERS.split(','), suffix);
  });

  it(
    'resumes from committed offsets after being killed, losing nothing and storing nothing twice',
    { timeout: 300_000 },
    async () => {
      const start = () =>
        startClusterProcess({
          rootDir: root.dir,
          kafkaBrokers: TEST_KAFKA_BROKERS.split(','),
          databaseUrl: database.url,
        });
      const counts = () => countOutcomes(database.database.$client, `${suffix}-`);
      const storedRequests = async () => {
        const { rows } = await database.database.$client.query<{ request_id: string }>(
          'select request_id from auction_outcomes where request_id like $1',
          [`${suffix}-%`],
        );
        return new Set(rows.map((row) => row.request_id));
      };
      const accepted = (results: readonly BidResult[]) =>
        results.filter((result) => result.statuses.includes(202)).map((result) => result.requestId);

      running = await start();
      // More bids than can be sent before the kill: the stream is still flowing when the cluster dies.
      const before = Array.from({ length: 20_000 }, (_, index) => `${suffix}-before-${index}`);
      const stopSending = new AbortController();
      const posting = postBids({ url: running.url, requestIds: before, concurrency: 16, signal: stopSending.signal });
      // Kill mid-stream: once outcomes are being stored, while bids are still being accepted.
      expect(await eventually(async () => (await counts()).rows >= 20, 120_000, 50)).toBe(true);
      running.kill();
      running = undefined;
      // The bids in flight at the kill find the cluster gone; no new one is sent.
      stopSending.abort();
      const sentBefore = await posting;
      const atCrash = await counts();
      const acceptedBefore = accepted(sentBefore);
      // Some but not all of what was accepted had been stored when the cluster was killed.
      expect(atCrash.requests).toBeGreaterThan(0);
      expect(atCrash.requests).toBeLessThan(acceptedBefore.length);
      // The stream was still flowing: bids were still to be sent when the cluster died.
      expect(sentBefore.length).toBeLessThan(before.length);

      running = await start();
      const after = Array.from({ length: 1_000 }, (_, index) => `${suffix}-after-${index}`);
      const sentAfter = await postBids({ url: running.url, requestIds: after, concurrency: 16 });
      expect(sentAfter.filter((result) => result.statuses[0] !== 202)).toEqual([]);

      const acceptedAll = [...acceptedBefore, ...accepted(sentAfter)];
      const missing = async () => {
        const stored = await storedRequests();
        return acceptedAll.filter((requestId) => !stored.has(requestId));
      };
      await eventually(async () => (await missing()).length === 0, 180_000, 500);
      expect(await missing()).toEqual([]);
      // Each accepted bid stored exactly once. A bid in flight at the kill may have been taken without its
      // answer arriving: it may be stored too, once, but nothing that was never sent is.
      const final = await counts();
      expect(final.rows).toBe(final.requests);
      expect(final.duplicates).toBe(0);
      const posted = new Set([...before, ...after]);
      expect([...(await storedRequests())].filter((requestId) => !posted.has(requestId))).toEqual([]);
      console.info(
        `outcomes stored when the cluster was killed: ${atCrash.requests} of ${acceptedBefore.length} accepted; ` +
          `after the restart ${final.requests} stored for ${acceptedAll.length} accepted`,
      );
    },
  );
});
