import { describe, expect, it } from 'vitest';
import { DEMO_PROFILE_COUNT, INTEREST_CATEGORIES, demoProfiles, demoUserId } from '../../src/seed/demo-profiles.ts';
import { DEMO_ADVERTISERS, DEMO_CAMPAIGNS } from '../../src/seed/demo-campaigns.ts';

describe('demoProfiles', () => {
  const profiles = demoProfiles();

  it('is the same on every run', () => {
    expect(demoProfiles()).toEqual(profiles);
    expect(demoProfiles({ seed: 1 })).not.toEqual(profiles);
  });

  it('names users user-001 to user-3000, zero-padded to three digits', () => {
    expect(profiles).toHaveLength(DEMO_PROFILE_COUNT);
    expect(profiles[0]!.userId).toBe('user-001');
    expect(profiles[98]!.userId).toBe('user-099');
    expect(profiles.at(-1)!.userId).toBe('user-3000');
    expect(new Set(profiles.map((profile) => profile.userId)).size).toBe(profiles.length);
    expect(demoUserId(1234)).toBe('user-1234');
  });

  it('gives every user, user-001 first, distinct interests from the category list with scores in [0, 1]', () => {
    expect(profiles[0]!.interests.length).toBeGreaterThan(0);
    for (const profile of profiles) {
      expect(profile.interests.length).toBeGreaterThanOrEqual(1);
      expect(profile.interests.length).toBeLessThanOrEqual(4);
      const categories = profile.interests.map((interest) => interest.category);
      expect(new Set(categories).size).toBe(categories.length);
      for (const interest of profile.interests) {
        expect(INTEREST_CATEGORIES).toContain(interest.category);
        expect(interest.score).toBeGreaterThanOrEqual(0);
        expect(interest.score).toBeLessThanOrEqual(1);
      }
      expect(profile.demographics['age_band']).toMatch(/^\d\d(-\d\d|\+)$/);
      expect(['f', 'm', 'o']).toContain(profile.demographics['gender']);
      expect(profile.locale).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
    }
  });

  it('spreads interests over every category', () => {
    const seen = new Set(profiles.flatMap((profile) => profile.interests.map((interest) => interest.category)));
    expect([...seen].sort()).toEqual([...INTEREST_CATEGORIES].sort());
  });
});

describe('demo campaigns', () => {
  it('belong to demo advertisers, target known categories, and include exactly one untargeted campaign', () => {
    const advertisers = new Set(DEMO_ADVERTISERS.map((advertiser) => advertiser.id));
    for (const campaign of DEMO_CAMPAIGNS) {
      expect(advertisers.has(campaign.advertiserId)).toBe(true);
      for (const category of campaign.categories) expect(INTEREST_CATEGORIES).toContain(category);
      expect(campaign.maxBid).toBeGreaterThan(0);
      expect(campaign.dailyBudget).toBeGreaterThan(0);
    }
    expect(DEMO_CAMPAIGNS.filter((campaign) => campaign.categories.length === 0)).toHaveLength(1);
    expect(new Set(DEMO_CAMPAIGNS.map((campaign) => campaign.id)).size).toBe(DEMO_CAMPAIGNS.length);
  });

  it('cover user-001, so the demo bid has a campaign to win with', () => {
    const interests = demoProfiles({ count: 1 })[0]!.interests.map((interest) => interest.category as string);
    const targeted = DEMO_CAMPAIGNS.filter((campaign) =>
      campaign.categories.some((category) => interests.includes(category)),
    );
    expect(targeted.length).toBeGreaterThan(0);
  });
});
