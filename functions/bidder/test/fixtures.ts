import type { BidRequest } from '@helios/core';
import type { Profile } from '@helios/core/profile';
import type { Campaign } from '../src/campaign.ts';

/** A campaign with sensible defaults, for the tests. */
export function campaign(overrides: Partial<Campaign> & { id: string }): Campaign {
  return { advertiserId: 'adv-1', categories: [], maxBid: 5, dailyBudget: 100, adomain: [], creatives: [], ...overrides };
}

/** A profile with the given interests, as category → score. */
export function profile(interests: Record<string, number>, userId = 'user-1'): Profile {
  return {
    userId,
    interests: Object.entries(interests).map(([category, score]) => ({ category, score })),
    demographics: {},
    locale: '',
    updatedAt: '2026-11-21T00:00:00.000Z',
  };
}

/** A banner bid request with one imp per floor given. */
export function bidRequest(floors: number[], overrides: Partial<BidRequest> = {}): BidRequest {
  return {
    id: 'req-1',
    imp: floors.map((bidfloor, index) => ({
      id: String(index + 1),
      banner: { w: 300, h: 250 },
      bidfloor,
      bidfloorcur: 'USD',
    })),
    site: { domain: 'news.example' },
    user: { id: 'user-1' },
    tmax: 120,
    ...overrides,
  };
}
