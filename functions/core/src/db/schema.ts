import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Creative } from '../creative.ts';

/** Who pays for campaigns. */
export const advertisers = pgTable('advertisers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What the bidder bids for: targeting by interest category, a CPM ceiling and a daily budget. */
export const campaigns = pgTable('campaigns', {
  id: text('id').primaryKey(),
  advertiserId: text('advertiser_id')
    .notNull()
    .references(() => advertisers.id),
  name: text('name').notNull(),
  /** interest categories this campaign targets; empty targets everyone */
  categories: text('categories')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** the most this campaign pays, CPM */
  maxBid: numeric('max_bid', { precision: 12, scale: 4, mode: 'number' }).notNull(),
  dailyBudget: numeric('daily_budget', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  /** the advertiser's domains, OpenRTB Bid.adomain (for the exchange's block lists) */
  adomain: text('adomain')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** the ads it can serve, by media type and size (see Creative); none: it bids without markup */
  creatives: jsonb('creatives').$type<Creative[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per auctioned impression. (`event_source`, `event_id`) is the CloudEvent that carried it: the
 * unique key that makes a redelivered event a no-op.
 */
export const auctionOutcomes = pgTable(
  'auction_outcomes',
  {
    id: text('id').primaryKey(),
    eventSource: text('event_source').notNull(),
    eventId: text('event_id').notNull(),
    requestId: text('request_id').notNull(),
    impId: text('imp_id').notNull(),
    userId: text('user_id'),
    siteDomain: text('site_domain'),
    campaignId: text('campaign_id'),
    advertiserId: text('advertiser_id'),
    bidPrice: numeric('bid_price', { precision: 12, scale: 4, mode: 'number' }),
    winPrice: numeric('win_price', { precision: 12, scale: 4, mode: 'number' }),
    floorPrice: numeric('floor_price', { precision: 12, scale: 4, mode: 'number' }).notNull(),
    winStatus: boolean('win_status').notNull(),
    lossReason: integer('loss_reason'),
    enriched: boolean('enriched').notNull(),
    /** false: our bid was decided after the deadline and never reached the exchange (never a win, no spend) */
    submitted: boolean('submitted').notNull().default(true),
    traceId: text('trace_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('auction_outcomes_event_key').on(table.eventSource, table.eventId),
    index('auction_outcomes_user_idx').on(table.userId, table.decidedAt),
    index('auction_outcomes_campaign_idx').on(table.campaignId, table.decidedAt),
    index('auction_outcomes_decided_idx').on(table.decidedAt),
  ],
);

/**
 * One row per dead letter analytics read from the dead_letters topic: the event that failed for good, the
 * destination it failed at, and why. (`event_source`, `event_id`, `destination`) is the key: a redelivered
 * dead letter, or the same event failing again at the same place, is counted once.
 */
export const deadLetters = pgTable(
  'dead_letters',
  {
    eventSource: text('event_source').notNull(),
    eventId: text('event_id').notNull(),
    destination: text('destination').notNull(),
    eventType: text('event_type').notNull(),
    errorCode: integer('error_code'),
    reason: text('reason').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('dead_letters_event_key').on(table.eventSource, table.eventId, table.destination),
    index('dead_letters_recorded_idx').on(table.recordedAt),
  ],
);

export type Advertiser = typeof advertisers.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type AuctionOutcomeRow = typeof auctionOutcomes.$inferSelect;
export type NewAuctionOutcomeRow = typeof auctionOutcomes.$inferInsert;
export type NewDeadLetterRow = typeof deadLetters.$inferInsert;
