import { sql, type SQL } from 'drizzle-orm';
import { schema } from '@helios/core/db';

const outcomes = schema.auctionOutcomes;

/**
 * What the won impressions among the rows in scope cost, in the currency of the prices. Prices are CPM
 * (OpenRTB 2.6 §3.2.4 `bidfloor`, §4.3.3 `price`: per thousand impressions), so one won impression costs
 * win_price / 1000. `extra` narrows the sum further (for instance to today). Exact: numeric arithmetic.
 */
export function spendSql(extra?: SQL): SQL<number> {
  const condition = extra ? sql`${outcomes.winStatus} and ${extra}` : sql`${outcomes.winStatus}`;
  return sql<number>`coalesce(sum(${outcomes.winPrice}) filter (where ${condition}), 0) / 1000`.mapWith(Number);
}

/** The start of the UTC day that holds `now`. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
