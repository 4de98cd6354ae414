import { schema, type Database } from '@helios/core/db';
import type { DemoAdvertiser, DemoCampaign } from './demo-campaigns.ts';

export interface SeedCampaignsOptions {
  readonly database: Database;
  readonly advertisers: readonly DemoAdvertiser[];
  readonly campaigns: readonly DemoCampaign[];
}

/**
 * Inserts the advertisers and campaigns that do not exist yet (ON CONFLICT DO NOTHING): a restart
 * over a persistent database keeps whatever spend and edits the rows have. Resolves with how many
 * rows were new.
 */
export async function seedCampaigns(
  options: SeedCampaignsOptions,
): Promise<{ advertisers: number; campaigns: number }> {
  const { database } = options;
  const advertisers = await database
    .insert(schema.advertisers)
    .values(options.advertisers.map((advertiser) => ({ id: advertiser.id, name: advertiser.name })))
    .onConflictDoNothing()
    .returning({ id: schema.advertisers.id });
  const campaigns = await database
    .insert(schema.campaigns)
    .values(
      options.campaigns.map((campaign) => ({
        id: campaign.id,
        advertiserId: campaign.advertiserId,
        name: campaign.name,
        categories: [...campaign.categories],
        maxBid: campaign.maxBid,
        dailyBudget: campaign.dailyBudget,
        adomain: [...campaign.adomain],
        creatives: [...campaign.creatives],
      })),
    )
    .onConflictDoNothing()
    .returning({ id: schema.campaigns.id });
  return { advertisers: advertisers.length, campaigns: campaigns.length };
}
