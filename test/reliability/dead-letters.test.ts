/**
 * Dead letters are not a grave, through the local cluster as `npm start` runs it, once on the embedded
 * event log and once on real Kafka: analytics fails (its table is away), the outcome is dead-lettered
 * with the reason, `npm run dead-letters` lists and shows it, and after analytics recovers a replay
 * stores it, with its original source and id, exactly once however often it is replayed.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@helios/core/db';
import type { LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL, TEST_KAFKA_BROKERS } from '../helpers/services.ts';
import { deleteRunTopics } from './helpers/delete-run-topics.ts';
import { createIsolatedRoot, REPOSITORY_ROOT, type IsolatedRoot } from './helpers/isolated-root.ts';
import { eventually, runSuffix, startCluster } from './helpers/reliability-cluster.ts';

const run = promisify(execFile);
const postgres = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const kafka = postgres && (await serviceAvailable('Kafka', TEST_KAFKA_BROKERS));

/** A lost auction: only analytics' Trigger takes it (the spend Trigger wants wins). */
function outcomeEvent(requestId: string) {
  const id = `outcome:${requestId}:1`;
  const data = {
    id: `${requestId}:1`,
    requestId,
    impId: '1',
    userId: null,
    siteDomain: 'example.com',
    campaignId: null,
    advertiserId: null,
    bidPrice: null,
    winPrice: null,
    floorPrice: 0.1,
    status: 'loss',
    lossReason: 500,
    enriched: false,
    decidedAt: new Date().toISOString(),
  };
  return { id, data };
}

for (const transport of ['embedded', 'kafka'] as const) {
  const available = transport === 'embedded' ? postgres : kafka;
  describe.skipIf(!available)(`dead letters on the ${transport} event log`, () => {
    const suffix = runSuffix();
    const brokers = transport === 'kafka' ? TEST_KAFKA_BROKERS.split(',') : [];
    const requestId = `dead-letter-${suffix}`;
    const event = outcomeEvent(requestId);
    let root: IsolatedRoot;
    let database: TestDatabase;
    let cluster: LocalCluster | undefined;
    let deadLetterId: string;

    /** `npm run dead-letters -- <args>` against this cluster: its ingress, or (on Kafka) the topic itself. */
    async function deadLetters(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      const env: Record<string, string> = { ...(process.env as Record<string, string>), HELIOS_LOG_LEVEL: 'warn' };
      delete env['KAFKA_BROKERS'];
      if (transport === 'kafka') {
        env['KAFKA_BROKERS'] = brokers.join(',');
        args.push('--eventing', path.join(root.dir, 'eventing'));
      } else env['HELIOS_PORT'] = String(cluster!.port);
      const command = path.join(REPOSITORY_ROOT, 'cluster/local/src/dead-letters/main.ts');
      try {
        const { stdout, stderr } = await run(process.execPath, [command, ...args], { env, timeout: 120_000 });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    }

    const storedRows = () =>
      database.database
        .select()
        .from(schema.auctionOutcomes)
        .where(
          and(eq(schema.auctionOutcomes.eventSource, '/helios/auction'), eq(schema.auctionOutcomes.eventId, event.id)),
        );

    beforeAll(async () => {
      root = await createIsolatedRoot({ suffix });
      // The test's own delivery for analytics: one quick retry, so the dead letter comes in seconds
      // rather than after the ~4 minutes the real Broker spec rides out.
      const broker = path.join(root.dir, 'eventing', 'broker.yaml');
      const manifests = await readFile(broker, 'utf8');
      const shortened = manifests.replace(
        /(name: analytics-auction-outcomes[\s\S]*?\nspec:\n)/,
        '$1  delivery:\n    retry: 1\n    backoffPolicy: linear\n    backoffDelay: PT0.05S\n',
      );
      expect(shortened).not.toBe(manifests);
      await writeFile(broker, shortened);
      database = await createTestDatabase();
      cluster = await startCluster({ root, kafkaBrokers: brokers, databaseUrl: database.url, seed: false });
    }, 300_000);

    afterAll(async () => {
      await cluster?.close();
      await database?.drop();
      await root?.remove();
      if (transport === 'kafka') await deleteRunTopics(brokers, suffix);
    }, 120_000);

    it('dead-letters an outcome analytics cannot store, with the reason, and counts it for the dashboard', async () => {
      await database.database.execute(sql`alter table auction_outcomes rename to auction_outcomes_away`);
      const sink = cluster!.routes().sinks.find((candidate) => candidate.name === 'auction-outcomes')!.url;
      const response = await fetch(sink, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': event.id,
          'ce-source': '/helios/auction',
          'ce-type': 'dev.helios.auction.outcome',
          'ce-outcome': 'loss',
          'ce-partitionkey': requestId,
        },
        body: JSON.stringify(event.data),
      });
      expect(response.status).toBe(202);

      let listed: { id: string; event: Record<string, string>; error: { code: number | null; reason: string } }[] = [];
      const found = await eventually(
        async () => {
          const result = await deadLetters('list', '--json');
          listed = result.code === 0 ? JSON.parse(result.stdout) : [];
          return listed.some((entry) => entry.event['id'] === event.id);
        },
        90_000,
        1_000,
      );
      expect(found).toBe(true);
      const entry = listed.find((candidate) => candidate.event['id'] === event.id)!;
      deadLetterId = entry.id;
      expect(entry.event).toMatchObject({ source: '/helios/auction', type: 'dev.helios.auction.outcome' });
      expect(entry.event).not.toHaveProperty('knativeerrordest');
      expect(entry.error.code).toBe(503);
      expect(entry.error.reason).toContain('dependency_unavailable');

      // analytics' own KafkaSource on the dead-letter topic records it: the dashboard's count.
      const recorded = await eventually(async () => {
        const rows = await database.database
          .select()
          .from(schema.deadLetters)
          .where(eq(schema.deadLetters.eventId, event.id));
        return rows.length === 1;
      }, 60_000);
      expect(recorded).toBe(true);

      const human = await deadLetters('list');
      expect(human.stdout).toContain(deadLetterId);
      expect(human.stdout).toContain(event.id);
    }, 180_000);

    it('shows one dead letter in full and refuses an id it does not have', async () => {
      const shown = await deadLetters('show', deadLetterId);
      expect(shown.code).toBe(0);
      const entry = JSON.parse(shown.stdout);
      expect(entry).toMatchObject({ id: deadLetterId, event: { id: event.id }, error: { code: 503 } });
      expect(JSON.parse(entry.data)).toEqual(event.data);
      const missing = await deadLetters('show', '0-999999');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no dead letter has id 0-999999');
    }, 60_000);

    it('replays it once analytics recovers, storing it exactly once with its source and id, even replayed twice', async () => {
      await database.database.execute(sql`alter table auction_outcomes_away rename to auction_outcomes`);
      expect(await storedRows()).toEqual([]);
      const first = await deadLetters('replay', deadLetterId);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        new RegExp(`^replayed ${deadLetterId}: dev\\.helios\\.auction\\.outcome /helios/auction ${event.id} → `, 'm'),
      );
      expect(await eventually(async () => (await storedRows()).length === 1, 60_000)).toBe(true);

      const duplicates = async () => {
        const metrics = await (await fetch(`${cluster!.serviceUrl('analytics')}/metrics`)).text();
        return Number(/helios_outcomes_stored_total\{result="duplicate"\} (\d+)/.exec(metrics)?.[1] ?? 0);
      };
      const before = await duplicates();
      const second = await deadLetters('replay', deadLetterId);
      expect(second.code).toBe(0);
      // The second copy has reached analytics (and was found a duplicate) before the rows are counted.
      expect(await eventually(async () => (await duplicates()) > before, 60_000)).toBe(true);
      const rows = await storedRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ eventSource: '/helios/auction', eventId: event.id, requestId });
    }, 180_000);
  });
}
