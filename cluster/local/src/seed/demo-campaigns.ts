import type { InterestCategory } from './demo-profiles.ts';

export interface DemoAdvertiser {
  readonly id: string;
  readonly name: string;
}

export interface DemoCampaign {
  readonly id: string;
  readonly advertiserId: string;
  readonly name: string;
  /** Targeted interest categories; empty targets everyone. */
  readonly categories: readonly InterestCategory[];
  /** CPM ceiling. */
  readonly maxBid: number;
  readonly dailyBudget: number;
}

/** The demo advertisers. */
export const DEMO_ADVERTISERS: readonly DemoAdvertiser[] = Object.freeze([
  { id: 'adv-acme', name: 'Acme Sporting Goods' },
  { id: 'adv-globex', name: 'Globex Travel' },
  { id: 'adv-initech', name: 'Initech Software' },
  { id: 'adv-umbrella', name: 'Umbrella Health' },
]);

/** The demo campaigns: five targeted by interest, one untargeted that bids low on everyone. */
export const DEMO_CAMPAIGNS: readonly DemoCampaign[] = Object.freeze([
  {
    id: 'cmp-acme-spring-run',
    advertiserId: 'adv-acme',
    name: 'Spring running shoes',
    categories: ['sports', 'health'],
    maxBid: 4.5,
    dailyBudget: 500,
  },
  {
    id: 'cmp-globex-summer',
    advertiserId: 'adv-globex',
    name: 'Summer getaways',
    categories: ['travel', 'food'],
    maxBid: 3.8,
    dailyBudget: 400,
  },
  {
    id: 'cmp-initech-launch',
    advertiserId: 'adv-initech',
    name: 'TPS 2.0 launch',
    categories: ['technology', 'gaming'],
    maxBid: 5.2,
    dailyBudget: 800,
  },
  {
    id: 'cmp-initech-finance',
    advertiserId: 'adv-initech',
    name: 'Finance suite',
    categories: ['finance', 'news'],
    maxBid: 3,
    dailyBudget: 300,
  },
  {
    id: 'cmp-umbrella-wellness',
    advertiserId: 'adv-umbrella',
    name: 'Wellness check',
    categories: ['health', 'food', 'home'],
    maxBid: 2.9,
    dailyBudget: 250,
  },
  {
    id: 'cmp-umbrella-everyone',
    advertiserId: 'adv-umbrella',
    name: 'Brand awareness (untargeted)',
    categories: [],
    maxBid: 1.5,
    dailyBudget: 1000,
  },
]);
