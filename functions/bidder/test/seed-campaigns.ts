import { schema, type Database } from '@helios/core/db';

/**
 * Two advertisers' campaigns: `sports` targets IAB17 (maxBid 4, budget 10), `everyone` targets everyone
 * (maxBid 2, budget 10), and an inactive one that must never bid.
 */
export async function seedCampaigns(database: Database): Promise<void> {
  await database.insert(schema.advertisers).values([
    { id: 'adv-a', name: 'Sporty' },
    { id: 'adv-b', name: 'Anyone' },
  ]);
  await database.insert(schema.campaigns).values([
    { id: 'sports', advertiserId: 'adv-a', name: 'Sports fans', categories: ['IAB17'], maxBid: 4, dailyBudget: 10 },
    { id: 'everyone', advertiserId: 'adv-b', name: 'Run of network', categories: [], maxBid: 2, dailyBudget: 10 },
    {
      id: 'paused',
      advertiserId: 'adv-b',
      name: 'Paused',
      categories: [],
      maxBid: 50,
      dailyBudget: 1000,
      active: false,
    },
  ]);
}
