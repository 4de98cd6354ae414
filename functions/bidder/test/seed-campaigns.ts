import { schema, type Database } from '@helios/core/db';

/**
 * Two advertisers' campaigns: `sports` targets IAB17 (maxBid 4, budget 10) with a 300×250 banner creative
 * and its advertiser's domain, `everyone` targets everyone (maxBid 2, budget 10) without creatives, and an
 * inactive one that must never bid.
 */
export async function seedCampaigns(database: Database): Promise<void> {
  await database.insert(schema.advertisers).values([
    { id: 'adv-a', name: 'Sporty' },
    { id: 'adv-b', name: 'Anyone' },
  ]);
  await database.insert(schema.campaigns).values([
    {
      id: 'sports',
      advertiserId: 'adv-a',
      name: 'Sports fans',
      categories: ['IAB17'],
      maxBid: 4,
      dailyBudget: 10,
      adomain: ['sporty.example'],
      creatives: [{ crid: 'sports-mrec', mtype: 1, w: 300, h: 250, adm: '<div>sports</div>' }],
    },
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
