import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../test/helpers/services.ts';
import { dailyStats, findOutcome, listOutcomes, outcomeStats, recentWins } from '../src/outcome-queries.ts';
import { buildFixture, expectedSpend, insertFixture } from './fixtures.ts';

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const now = new Date('2026-11-21T13:30:00Z');
const fixture = buildFixture({ now });
const newestFirst = [...fixture.outcomes].sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime());
const priceOf = (o: (typeof fixture.outcomes)[number]) => o.winPrice ?? o.bidPrice ?? null;

describe.skipIf(!available)('outcome queries against Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixture(db.database, fixture);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('listOutcomes pages through every outcome newest first, without overlap', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const { count, rows } = await listOutcomes(db.database, { filters: {}, pagination: { page, pageSize: 20 } });
      expect(count).toBe(fixture.outcomes.length);
      seen.push(...rows.map((row) => row.id));
    }
    expect(seen).toEqual(newestFirst.map((o) => o.id));
  });

  it('listOutcomes filters by user, win status and campaign together', async () => {
    const expected = newestFirst.filter(
      (o) => o.userId === 'user-002' && o.winStatus && o.campaignId === 'camp-breaks',
    );
    const { count, rows } = await listOutcomes(db.database, {
      filters: { userId: 'user-002', winStatus: true, campaignId: 'camp-breaks' },
      pagination: { page: 1, pageSize: 100 },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(count).toBe(expected.length);
    expect(rows.map((row) => row.id)).toEqual(expected.map((o) => o.id));
  });

  it('listOutcomes compares the price range with win_price, else bid_price, and drops no-bids', async () => {
    const expected = newestFirst.filter((o) => {
      const price = priceOf(o);
      return price !== null && price >= 0.3 && price <= 1;
    });
    const { count, rows } = await listOutcomes(db.database, {
      filters: { minPrice: 0.3, maxPrice: 1 },
      pagination: { page: 1, pageSize: 100 },
    });
    expect(count).toBe(expected.length);
    expect(rows.map((row) => row.id)).toEqual(expected.map((o) => o.id));
    for (const row of rows) expect(row.winPrice ?? row.bidPrice).toBeGreaterThanOrEqual(0.3);
  });

  it('listOutcomes filters by advertiser and by request id', async () => {
    const byAdvertiser = await listOutcomes(db.database, {
      filters: { advertiserId: 'adv-acme' },
      pagination: { page: 1, pageSize: 100 },
    });
    expect(byAdvertiser.count).toBe(fixture.outcomes.filter((o) => o.advertiserId === 'adv-acme').length);
    const byRequest = await listOutcomes(db.database, {
      filters: { requestId: 'req-007' },
      pagination: { page: 1, pageSize: 5 },
    });
    expect(byRequest.rows.map((row) => row.requestId)).toEqual(['req-007']);
  });

  it('listOutcomes past the last page returns the count and no rows', async () => {
    const { count, rows } = await listOutcomes(db.database, { filters: {}, pagination: { page: 9, pageSize: 20 } });
    expect(count).toBe(fixture.outcomes.length);
    expect(rows).toEqual([]);
  });

  it('findOutcome returns the row with its numbers as numbers, and undefined for an unknown id', async () => {
    const source = fixture.outcomes[4]!;
    const row = await findOutcome(db.database, source.id);
    expect(row).toMatchObject({
      id: source.id,
      winStatus: source.winStatus,
      winPrice: source.winPrice,
      bidPrice: source.bidPrice,
    });
    expect(row?.decidedAt.toISOString()).toBe(source.decidedAt.toISOString());
    expect(await findOutcome(db.database, 'outcome:none:1')).toBeUndefined();
  });

  it('outcomeStats agrees with the rows it sums', async () => {
    const stats = await outcomeStats(db.database, {});
    const wins = fixture.outcomes.filter((o) => o.winStatus);
    const bids = fixture.outcomes.filter((o) => o.bidPrice !== null);
    expect(stats.totalOutcomes).toBe(fixture.outcomes.length);
    expect(stats.totalWins).toBe(wins.length);
    expect(stats.totalLosses).toBe(fixture.outcomes.length - wins.length);
    expect(stats.winRate).toBeCloseTo((wins.length / fixture.outcomes.length) * 100, 2);
    expect(stats.totalSpend).toBeCloseTo(expectedSpend(fixture.outcomes), 8);
    expect(stats.averageWinPrice).toBeCloseTo(wins.reduce((s, o) => s + o.winPrice!, 0) / wins.length, 4);
    expect(stats.averageBidPrice).toBeCloseTo(bids.reduce((s, o) => s + o.bidPrice!, 0) / bids.length, 4);
    expect(stats.enrichedShare).toBeCloseTo(
      (fixture.outcomes.filter((o) => o.enriched).length / fixture.outcomes.length) * 100,
      2,
    );
  });

  it('outcomeStats honours filters, and answers zeros when nothing matches', async () => {
    const mine = fixture.outcomes.filter((o) => o.userId === 'user-001');
    expect((await outcomeStats(db.database, { userId: 'user-001' })).totalOutcomes).toBe(mine.length);
    expect(await outcomeStats(db.database, { userId: 'nobody' })).toEqual({
      totalOutcomes: 0,
      totalWins: 0,
      totalLosses: 0,
      winRate: 0,
      totalSpend: 0,
      averageWinPrice: 0,
      averageBidPrice: 0,
      enrichedShare: 0,
    });
  });

  it('recentWins lists only wins, newest first, up to the limit, whatever win_status says', async () => {
    const rows = await recentWins(db.database, { filters: { winStatus: false }, limit: 4 });
    expect(rows.map((row) => row.id)).toEqual(
      newestFirst
        .filter((o) => o.winStatus)
        .slice(0, 4)
        .map((o) => o.id),
    );
  });

  it('dailyStats groups by UTC day, newest first, within the window that ends today', async () => {
    const days = await dailyStats(db.database, { filters: {}, days: 3, now });
    const windowStart = Date.UTC(2026, 10, 19);
    const inWindow = fixture.outcomes.filter((o) => o.decidedAt.getTime() >= windowStart);
    const expected = new Map<string, typeof inWindow>();
    for (const o of inWindow) {
      const date = o.decidedAt.toISOString().slice(0, 10);
      expected.set(date, [...(expected.get(date) ?? []), o]);
    }
    expect(days.map((day) => day.date)).toEqual(['2026-11-21', '2026-11-20', '2026-11-19']);
    for (const day of days) {
      const rows = expected.get(day.date)!;
      expect(day.outcomes).toBe(rows.length);
      expect(day.wins).toBe(rows.filter((o) => o.winStatus).length);
      expect(day.losses).toBe(day.outcomes - day.wins);
      expect(day.spend).toBeCloseTo(expectedSpend(rows), 8);
    }
  });
});
