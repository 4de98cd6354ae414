import type { Creative } from '@helios/core';

/** What the bidder knows of a campaign: the columns of `campaigns` that bidding reads. */
export interface Campaign {
  readonly id: string;
  readonly advertiserId: string;
  /** interest categories it targets; empty targets everyone */
  readonly categories: readonly string[];
  /** the most it pays, CPM */
  readonly maxBid: number;
  /** the most it spends in a UTC day, in currency units */
  readonly dailyBudget: number;
  /** the advertiser's domains (Bid.adomain) */
  readonly adomain: readonly string[];
  /** the ads it serves; empty: it bids without markup, on any imp */
  readonly creatives: readonly Creative[];
}
