import { schema, type Database, type NewAuctionOutcomeRow, type NewDeadLetterRow } from '@helios/core/db';

/** Advertisers, campaigns and outcomes whose every figure the tests recompute from these arrays. */
export interface Fixture {
  readonly advertisers: (typeof schema.advertisers.$inferInsert)[];
  readonly campaigns: (typeof schema.campaigns.$inferInsert)[];
  readonly outcomes: (NewAuctionOutcomeRow & { decidedAt: Date })[];
  /** Dead letters analytics recorded: outcomes analytics failed to store, one bid request the bidder missed. */
  readonly deadLetters: NewDeadLetterRow[];
}

/** A dead letter as analytics records it from the dead_letters topic. */
export function deadLetterRow(eventId: string, options: { type?: string; source?: string } = {}): NewDeadLetterRow {
  return {
    eventSource: options.source ?? '/helios/auction',
    eventId,
    eventType: options.type ?? 'dev.helios.auction.outcome',
    destination: 'http://analytics.helios.svc.cluster.local/',
    errorCode: 503,
    reason: '{"error":{"code":"dependency_unavailable"}}',
  };
}

const USERS = ['user-001', 'user-002', 'user-003'];
const SITES = ['news.example.com', 'travel.example.com'];

/**
 * `count` outcomes two hours apart going back from `now`: every 9th a no-bid (no price, no campaign),
 * otherwise a win when i % 4 is 0 or 1, users and campaigns in rotation, prices spread over 0.20–1.55 CPM.
 */
export function buildFixture(options: { now: Date; count?: number }): Fixture {
  const count = options.count ?? 45;
  const outcomes = Array.from({ length: count }, (_, i) => {
    const noBid = i % 9 === 8;
    const win = !noBid && i % 4 <= 1;
    const bidPrice = noBid ? null : Math.round((0.2 + (i % 10) * 0.15) * 100) / 100;
    const campaignId = noBid ? null : i % 2 === 0 ? 'camp-shoes' : 'camp-breaks';
    return {
      id: `outcome:req-${String(i).padStart(3, '0')}:1`,
      eventSource: '/helios/auction',
      eventId: `outcome:req-${String(i).padStart(3, '0')}:1`,
      requestId: `req-${String(i).padStart(3, '0')}`,
      impId: '1',
      userId: USERS[i % USERS.length]!,
      siteDomain: SITES[i % SITES.length]!,
      campaignId,
      advertiserId: campaignId === null ? null : campaignId === 'camp-shoes' ? 'adv-acme' : 'adv-blue',
      bidPrice,
      winPrice: win && bidPrice !== null ? Math.round(bidPrice * 0.8 * 10_000) / 10_000 : null,
      floorPrice: 0.1,
      winStatus: win,
      lossReason: win ? null : noBid ? null : 102,
      enriched: i % 5 !== 0,
      traceId: `${i.toString(16).padStart(32, '0')}`,
      decidedAt: new Date(options.now.getTime() - i * 2 * 3_600_000 - 60_000),
    };
  });
  return {
    advertisers: [
      { id: 'adv-acme', name: 'Acme Outdoor' },
      { id: 'adv-blue', name: 'Blue Travel' },
    ],
    campaigns: [
      {
        id: 'camp-shoes',
        advertiserId: 'adv-acme',
        name: 'Trail shoes',
        categories: ['sports'],
        maxBid: 3,
        dailyBudget: 50,
      },
      {
        id: 'camp-breaks',
        advertiserId: 'adv-blue',
        name: 'City breaks',
        categories: ['travel'],
        maxBid: 2,
        dailyBudget: 0.0008,
      },
      { id: 'camp-paused', advertiserId: 'adv-blue', name: 'Autumn promo', maxBid: 1, dailyBudget: 10, active: false },
    ],
    outcomes,
    deadLetters: [
      deadLetterRow('outcome:r-dead-1:1'),
      deadLetterRow('outcome:r-dead-2:1'),
      deadLetterRow('r-dead-3', { type: 'dev.helios.bid.request', source: '/helios/ingest' }),
    ],
  };
}

/** Inserts the fixture into a migrated database. */
export async function insertFixture(database: Database, fixture: Fixture): Promise<void> {
  await database.insert(schema.advertisers).values(fixture.advertisers);
  await database.insert(schema.campaigns).values(fixture.campaigns);
  if (fixture.outcomes.length > 0) await database.insert(schema.auctionOutcomes).values(fixture.outcomes);
  if (fixture.deadLetters.length > 0) await database.insert(schema.deadLetters).values(fixture.deadLetters);
}

/** Removes every row the fixture may have inserted. */
export async function clearDatabase(database: Database): Promise<void> {
  await database.delete(schema.auctionOutcomes);
  await database.delete(schema.deadLetters);
  await database.delete(schema.campaigns);
  await database.delete(schema.advertisers);
}

/** The cost of the won impressions among `outcomes`: win price is CPM, so each costs price / 1000. */
export function expectedSpend(outcomes: Fixture['outcomes']): number {
  return outcomes.filter((o) => o.winStatus).reduce((sum, o) => sum + (o.winPrice ?? 0), 0) / 1000;
}
