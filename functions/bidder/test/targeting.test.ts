import { describe, expect, it } from 'vitest';
import { interestScore, targetCampaigns } from '../src/targeting.ts';
import { campaign, profile } from './fixtures.ts';

const sports = campaign({ id: 'sports', categories: ['IAB17'], maxBid: 4 });
const travel = campaign({ id: 'travel', categories: ['IAB20'], maxBid: 8 });
const everyone = campaign({ id: 'everyone', categories: [], maxBid: 2 });

describe('targetCampaigns', () => {
  it('picks the campaigns matching the profile interests and those that target everyone', () => {
    const chosen = targetCampaigns({
      campaigns: [sports, travel, everyone],
      profile: profile({ IAB17: 0.4 }),
      floor: 1,
    });
    expect(chosen.map((c) => c.id)).toEqual(['sports', 'everyone']);
  });

  it('without a profile, picks only the campaigns that target everyone', () => {
    const chosen = targetCampaigns({ campaigns: [sports, travel, everyone], profile: undefined, floor: 1 });
    expect(chosen.map((c) => c.id)).toEqual(['everyone']);
  });

  it('without a profile or untargeted campaigns, picks the highest maxBid that clears the floor', () => {
    expect(targetCampaigns({ campaigns: [sports, travel], profile: undefined, floor: 1 }).map((c) => c.id)).toEqual([
      'travel',
    ]);
    const cheapTravel = campaign({ ...travel, maxBid: 0.5 });
    expect(
      targetCampaigns({ campaigns: [sports, cheapTravel], profile: undefined, floor: 1 }).map((c) => c.id),
    ).toEqual(['sports']);
  });

  it('leaves out campaigns whose maxBid is under the floor', () => {
    expect(
      targetCampaigns({ campaigns: [sports, travel, everyone], profile: profile({ IAB17: 1 }), floor: 3 }).map(
        (c) => c.id,
      ),
    ).toEqual(['sports']);
    expect(targetCampaigns({ campaigns: [sports, everyone], profile: undefined, floor: 10 })).toEqual([]);
  });
});

describe('interestScore', () => {
  it('is the top score among the campaign categories, undefined without a match, 0 for no interests', () => {
    expect(interestScore(sports, profile({ IAB17: 0.3, IAB20: 0.9 }))).toBe(0.3);
    expect(interestScore(sports, profile({ IAB20: 0.9 }))).toBeUndefined();
    expect(interestScore(everyone, profile({}))).toBe(0);
  });
});
