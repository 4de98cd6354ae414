import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { schema, type AuctionOutcomeRow, type Database } from '@helios/core/db';
import type { OutcomeFilters } from './outcome-filters.ts';
import type { Pagination } from './pagination.ts';
import { percent } from './percent.ts';
import { spendSql, startOfUtcDay } from './spend.ts';

const outcomes = schema.auctionOutcomes;

/** The price a range filter compares: what we paid when we won, else what we bid. */
const priceSql = sql`coalesce(${outcomes.winPrice}, ${outcomes.bidPrice})`;

/** The SQL condition of `filters`; undefined when they filter nothing. */
export function outcomeCondition(filters: OutcomeFilters): SQL | undefined {
  return and(
    filters.userId === undefined ? undefined : eq(outcomes.userId, filters.userId),
    filters.campaignId === undefined ? undefined : eq(outcomes.campaignId, filters.campaignId),
    filters.advertiserId === undefined ? undefined : eq(outcomes.advertiserId, filters.advertiserId),
    filters.requestId === undefined ? undefined : eq(outcomes.requestId, filters.requestId),
    filters.winStatus === undefined ? undefined : eq(outcomes.winStatus, filters.winStatus),
    filters.minPrice === undefined ? undefined : sql`${priceSql} >= ${filters.minPrice}`,
    filters.maxPrice === undefined ? undefined : sql`${priceSql} <= ${filters.maxPrice}`,
  );
}

// Newest first; the id breaks ties so pages never overlap or skip a row.
const NEWEST_FIRST = [desc(outcomes.decidedAt), desc(outcomes.id)];

/** One page of the outcomes that match, newest first, and how many match in all. */
export async function listOutcomes(
  database: Database,
  options: { filters: OutcomeFilters; pagination: Pagination },
): Promise<{ count: number; rows: AuctionOutcomeRow[] }> {
  const where = outcomeCondition(options.filters);
  const { page, pageSize } = options.pagination;
  const [total, rows] = await Promise.all([
    database.select({ count: count() }).from(outcomes).where(where),
    database
      .select()
      .from(outcomes)
      .where(where)
      .orderBy(...NEWEST_FIRST)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  ]);
  return { count: total[0]?.count ?? 0, rows };
}

/** The outcome with this id, or undefined. */
export async function findOutcome(database: Database, id: string): Promise<AuctionOutcomeRow | undefined> {
  const [row] = await database.select().from(outcomes).where(eq(outcomes.id, id)).limit(1);
  return row;
}

/** The latest `limit` wins among the outcomes that match `filters` (whose winStatus is ignored). */
export async function recentWins(
  database: Database,
  options: { filters: OutcomeFilters; limit: number },
): Promise<AuctionOutcomeRow[]> {
  const { winStatus: _ignored, ...filters } = options.filters;
  return database
    .select()
    .from(outcomes)
    .where(and(outcomeCondition(filters), eq(outcomes.winStatus, true)))
    .orderBy(...NEWEST_FIRST)
    .limit(options.limit);
}

/** Totals over the outcomes that match. Rates are percentages rounded to 2 places; prices CPM; spend in currency. */
export interface OutcomeStats {
  totalOutcomes: number;
  totalWins: number;
  totalLosses: number;
  /** wins per outcome, percent */
  winRate: number;
  /** the cost of the won impressions (see spendSql) */
  totalSpend: number;
  /** mean clearing price of the wins, CPM; 0 without wins */
  averageWinPrice: number;
  /** mean of our bids, CPM; 0 without bids */
  averageBidPrice: number;
  /** outcomes whose bid used the user's profile, percent */
  enrichedShare: number;
}

/** Aggregates the outcomes that match `filters` in one query. */
export async function outcomeStats(database: Database, filters: OutcomeFilters): Promise<OutcomeStats> {
  const [row] = await database
    .select({
      total: count(),
      wins: sql<number>`count(*) filter (where ${outcomes.winStatus})`.mapWith(Number),
      enriched: sql<number>`count(*) filter (where ${outcomes.enriched})`.mapWith(Number),
      spend: spendSql(),
      averageWinPrice:
        sql<number>`coalesce(round(avg(${outcomes.winPrice}) filter (where ${outcomes.winStatus}), 4), 0)`.mapWith(
          Number,
        ),
      averageBidPrice: sql<number>`coalesce(round(avg(${outcomes.bidPrice}), 4), 0)`.mapWith(Number),
    })
    .from(outcomes)
    .where(outcomeCondition(filters));
  const total = row?.total ?? 0;
  const wins = row?.wins ?? 0;
  return {
    totalOutcomes: total,
    totalWins: wins,
    totalLosses: total - wins,
    winRate: percent(wins, total),
    totalSpend: row?.spend ?? 0,
    averageWinPrice: row?.averageWinPrice ?? 0,
    averageBidPrice: row?.averageBidPrice ?? 0,
    enrichedShare: percent(row?.enriched ?? 0, total),
  };
}

/** One UTC day of outcomes. */
export interface DailyStats {
  /** YYYY-MM-DD, UTC */
  date: string;
  outcomes: number;
  wins: number;
  losses: number;
  spend: number;
  /** percent */
  winRate: number;
}

/**
 * Per UTC day, the outcomes that match `filters` over the `days` days that end with the day of `now`
 * (today counts as one), newest day first. Days without outcomes are absent.
 */
export async function dailyStats(
  database: Database,
  options: { filters: OutcomeFilters; days: number; now?: Date },
): Promise<DailyStats[]> {
  const since = new Date(startOfUtcDay(options.now ?? new Date()).getTime() - (options.days - 1) * 86_400_000);
  const day = sql<string>`to_char(${outcomes.decidedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await database
    .select({
      date: day,
      outcomes: count(),
      wins: sql<number>`count(*) filter (where ${outcomes.winStatus})`.mapWith(Number),
      spend: spendSql(),
    })
    .from(outcomes)
    .where(and(outcomeCondition(options.filters), sql`${outcomes.decidedAt} >= ${since.toISOString()}::timestamptz`))
    .groupBy(day)
    .orderBy(desc(day));
  return rows.map((row) => ({
    date: row.date,
    outcomes: row.outcomes,
    wins: row.wins,
    losses: row.outcomes - row.wins,
    spend: row.spend,
    winRate: percent(row.wins, row.outcomes),
  }));
}
