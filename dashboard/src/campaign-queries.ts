import { asc, count, eq, sql } from 'drizzle-orm';
import { schema, type Database } from '@helios/core/db';
import { percent } from './percent.ts';
import { spendSql, startOfUtcDay } from './spend.ts';

const { advertisers, campaigns, auctionOutcomes: outcomes } = schema;

/** A campaign with its advertiser and how its bids fared. Spend in currency, prices CPM, rates percent. */
export interface CampaignSummary {
  id: string;
  name: string;
  advertiserId: string;
  advertiserName: string;
  active: boolean;
  categories: string[];
  maxBid: number;
  dailyBudget: number;
  /** auctions its bids took part in */
  outcomes: number;
  wins: number;
  winRate: number;
  /** all-time spend */
  spend: number;
  /** spend since the start of the UTC day of `now` */
  spendToday: number;
  /** spendToday against dailyBudget, percent (may pass 100 when the bidder overshoots) */
  budgetUsedToday: number;
}

/** Every campaign, by name, with its outcomes aggregated in the same query. `now` fixes "today" (UTC). */
export async function listCampaigns(database: Database, options: { now?: Date } = {}): Promise<CampaignSummary[]> {
  const today = startOfUtcDay(options.now ?? new Date()).toISOString();
  const rows = await database
    .select({
      id: campaigns.id,
      name: campaigns.name,
      advertiserId: campaigns.advertiserId,
      advertiserName: advertisers.name,
      active: campaigns.active,
      categories: campaigns.categories,
      maxBid: campaigns.maxBid,
      dailyBudget: campaigns.dailyBudget,
      outcomes: count(outcomes.id),
      wins: sql<number>`count(${outcomes.id}) filter (where ${outcomes.winStatus})`.mapWith(Number),
      spend: spendSql(),
      spendToday: spendSql(sql`${outcomes.decidedAt} >= ${today}::timestamptz`),
    })
    .from(campaigns)
    .innerJoin(advertisers, eq(advertisers.id, campaigns.advertiserId))
    .leftJoin(outcomes, eq(outcomes.campaignId, campaigns.id))
    .groupBy(campaigns.id, advertisers.id)
    .orderBy(asc(campaigns.name), asc(campaigns.id));
  return rows.map((row) => ({
    ...row,
    winRate: percent(row.wins, row.outcomes),
    budgetUsedToday: percent(row.spendToday, row.dailyBudget),
  }));
}
