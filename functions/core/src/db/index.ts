export * as schema from './schema.ts';
export { createDatabase, migrateDatabase, MIGRATIONS_FOLDER } from './client.ts';
export type { Database } from './client.ts';
export type { Advertiser, Campaign, AuctionOutcomeRow, NewAuctionOutcomeRow, NewDeadLetterRow } from './schema.ts';
