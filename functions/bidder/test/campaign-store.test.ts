import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@helios/core';
import { createDatabase, schema } from '@helios/core/db';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../../test/helpers/services.ts';
import { createCampaignStore } from '../src/campaign-store.ts';
import { seedCampaigns } from './seed-campaigns.ts';

const postgresAvailable = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const logger = createLogger({ service: 'bidder-test', level: 'silent' });

describe.skipIf(!postgresAvailable)('campaign store', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedCampaigns(database.database);
  });
  afterAll(() => database?.drop());

  it('loads the active campaigns with numbers as numbers', async () => {
    const store = createCampaignStore({ database: database.database, refreshMs: 60_000, logger });
    const campaigns = await store.current();
    expect(store.loaded).toBe(true);
    expect([...campaigns].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'everyone', advertiserId: 'adv-b', categories: [], maxBid: 2, dailyBudget: 10 },
      { id: 'sports', advertiserId: 'adv-a', categories: ['IAB17'], maxBid: 4, dailyBudget: 10 },
    ]);
    store.stop();
  });

  it('picks up changes at the next refresh', async () => {
    const store = createCampaignStore({ database: database.database, refreshMs: 100, logger });
    expect((await store.current()).map((campaign) => campaign.id)).toContain('everyone');
    await database.database.update(schema.campaigns).set({ active: false }).where(eq(schema.campaigns.id, 'everyone'));
    await expect
      .poll(async () => (await store.current()).map((campaign) => campaign.id), { timeout: 3_000 })
      .toEqual(['sports']);
    store.stop();
    await database.database.update(schema.campaigns).set({ active: true }).where(eq(schema.campaigns.id, 'everyone'));
  });

  it('keeps the last campaigns when the database goes away, and fails with 503 when it never had any', async () => {
    const own = createDatabase({ url: database.url, maxConnections: 1 });
    own.$client.on('error', () => {});
    const warnings: string[] = [];
    const watched = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const store = createCampaignStore({ database: own, refreshMs: 100, logger: watched });
    const first = await store.current();
    await own.$client.end();
    // Wait for a refresh to have failed, rather than for a time in which one probably did.
    await vi.waitFor(() => expect(warnings).toContain('campaigns could not be refreshed; keeping the last ones'));
    expect(await store.current()).toBe(first);
    store.stop();

    const unreachable = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', maxConnections: 1 });
    const empty = createCampaignStore({ database: unreachable, refreshMs: 60_000, logger });
    await expect(empty.current()).rejects.toMatchObject({ status: 503, code: 'dependency_unavailable' });
    expect(empty.loaded).toBe(false);
    empty.stop();
    await unreachable.$client.end();
  });
});
