import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../test/helpers/services.ts';
import { listCampaigns } from '../src/campaign-queries.ts';
import { buildFixture, expectedSpend, insertFixture } from './fixtures.ts';

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const now = new Date('2026-11-21T13:30:00Z');
const fixture = buildFixture({ now });

describe.skipIf(!available)('campaign queries against Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('listCampaigns answers an empty list for an empty database', async () => {
    expect(await listCampaigns(db.database, { now })).toEqual([]);
  });

  it("listCampaigns sums each campaign's outcomes, today's spend against its budget included", async () => {
    await insertFixture(db.database, fixture);
    const campaigns = await listCampaigns(db.database, { now });
    expect(campaigns.map((c) => c.name)).toEqual(['Autumn promo', 'City breaks', 'Trail shoes']);
    const today = Date.UTC(2026, 10, 21);
    for (const campaign of campaigns) {
      const source = fixture.campaigns.find((c) => c.id === campaign.id)!;
      const rows = fixture.outcomes.filter((o) => o.campaignId === campaign.id);
      const wins = rows.filter((o) => o.winStatus).length;
      const spendToday = expectedSpend(rows.filter((o) => o.decidedAt.getTime() >= today));
      expect(campaign).toMatchObject({
        advertiserId: source.advertiserId,
        advertiserName: fixture.advertisers.find((a) => a.id === source.advertiserId)!.name,
        active: source.active ?? true,
        maxBid: source.maxBid,
        dailyBudget: source.dailyBudget,
        outcomes: rows.length,
        wins,
      });
      expect(campaign.winRate).toBeCloseTo(rows.length ? (wins / rows.length) * 100 : 0, 2);
      expect(campaign.spend).toBeCloseTo(expectedSpend(rows), 8);
      expect(campaign.spendToday).toBeCloseTo(spendToday, 8);
      expect(campaign.budgetUsedToday).toBeCloseTo((spendToday / source.dailyBudget) * 100, 2);
    }
    // The fixture gives "City breaks" a budget its wins today overshoot: the share may pass 100.
    expect(campaigns.find((c) => c.id === 'camp-breaks')!.budgetUsedToday).toBeGreaterThan(100);
  });
});
