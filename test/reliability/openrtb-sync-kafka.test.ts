/**
 * Issue 8: POST /openrtb2/bid on real Kafka — the RequestReply's requests and the bidder's replies travel
 * through the bid_requests topic of a real broker, and every answer is the bidder's own reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import { openRtbExamples } from '../helpers/openrtb-examples.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from '../helpers/services.ts';
import { bidResponseProblems } from '../helpers/validate-bid-response.ts';
import { deleteRunTopics } from './helpers/delete-run-topics.ts';
import { createIsolatedRoot, type IsolatedRoot } from './helpers/isolated-root.ts';
import { runSuffix, startCluster } from './helpers/reliability-cluster.ts';

const available =
  (await serviceAvailable('Kafka', TEST_KAFKA_BROKERS)) && (await serviceAvailable('Postgres', TEST_DATABASE_URL));

describe.skipIf(!available)('POST /openrtb2/bid on real Kafka', () => {
  const suffix = runSuffix();
  let root: IsolatedRoot;
  let database: TestDatabase;
  let cluster: LocalCluster | undefined;

  beforeAll(async () => {
    root = await createIsolatedRoot({ suffix });
    database = await createTestDatabase();
    cluster = await startCluster({ root, kafkaBrokers: TEST_KAFKA_BROKERS.split(','), databaseUrl: database.url });
  }, 300_000);

  afterAll(async () => {
    await cluster?.close();
    await database?.drop();
    await root?.remove();
    await deleteRunTopics(TEST_KAFKA_BROKERS.split(','), suffix);
  });

  it('answers every example request with the bidder reply, each valid', { timeout: 120_000 }, async () => {
    for (const { request } of openRtbExamples()) {
      const id = `${suffix}-${request.id}`;
      const response = await fetch(`${cluster!.url}/openrtb2/bid`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'return=representation' },
        // A generous tmax: this checks the path, not the speed (the bench measures that).
        body: JSON.stringify({ ...request, id, tmax: 10_000 }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { id: string; nbr?: number };
      expect(body.id).toBe(id);
      expect(body.nbr).not.toBe(15);
      expect(bidResponseProblems(body, { ...request, id })).toEqual([]);
    }
  });
});
