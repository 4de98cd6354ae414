import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startDatabase, type ClusterDatabase } from '../../src/database/start-database.ts';
import { DEMO_ADVERTISERS, DEMO_CAMPAIGNS } from '../../src/seed/demo-campaigns.ts';
import { seedCampaigns } from '../../src/seed/seed-campaigns.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/postgres.ts';
import { TEST_DATABASE_URL, serviceAvailable } from '../../../../test/helpers/services.ts';

describe('startDatabase, embedded', () => {
  let database: ClusterDatabase;
  beforeAll(async () => {
    database = await startDatabase({});
  });
  afterAll(async () => {
    await database?.close();
  });

  it('serves a migrated PGlite over the Postgres wire protocol to any pg client', async () => {
    expect(database.kind).toBe('embedded');
    expect(database.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: database.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const answers = await Promise.all(
        clients.map((client) =>
          client.query<{ name: string }>(
            "select table_name as name from information_schema.tables where table_name = 'auction_outcomes'",
          ),
        ),
      );
      for (const answer of answers) expect(answer.rows).toEqual([{ name: 'auction_outcomes' }]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    expect(await database.ping()).toBe(true);
  });

  it('seeds the demo campaigns once: a second run inserts nothing', async () => {
    const options = { database: database.database, advertisers: DEMO_ADVERTISERS, campaigns: DEMO_CAMPAIGNS };
    expect(await seedCampaigns(options)).toEqual({
      advertisers: DEMO_ADVERTISERS.length,
      campaigns: DEMO_CAMPAIGNS.length,
    });
    expect(await seedCampaigns(options)).toEqual({ advertisers: 0, campaigns: 0 });
    const { rows } = await database.database.$client.query<{ id: string; categories: string[]; max_bid: string }>(
      'select id, categories, max_bid from campaigns order by id',
    );
    expect(rows.map((row) => row.id)).toEqual(DEMO_CAMPAIGNS.map((campaign) => campaign.id).sort());
    const untargeted = rows.find((row) => row.id === 'cmp-umbrella-everyone');
    expect(untargeted?.categories).toEqual([]);
  });
});

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);

describe.skipIf(!available)('startDatabase, external Postgres', () => {
  let server: TestDatabase;
  let database: ClusterDatabase;
  beforeAll(async () => {
    server = await createTestDatabase();
    database = await startDatabase({ url: server.url });
  });
  afterAll(async () => {
    await database?.close();
    await server?.drop();
  });

  it('uses DATABASE_URL as given and migrates it again harmlessly', async () => {
    expect(database).toMatchObject({ kind: 'external', url: server.url });
    expect(await database.ping()).toBe(true);
    const seeded = await seedCampaigns({
      database: database.database,
      advertisers: DEMO_ADVERTISERS,
      campaigns: DEMO_CAMPAIGNS,
    });
    expect(seeded.campaigns).toBe(DEMO_CAMPAIGNS.length);
  });
});
