import type { Profile } from '@helios/core/profile';
import type { Campaign } from './campaign.ts';

/**
 * How strongly a profile matches a campaign: the top score among the profile's interests in the
 * campaign's categories, or, for a campaign that targets everyone, the profile's top score overall.
 * Returns undefined when a targeted campaign matches none of the profile's interests, and 0 for a
 * profile without interests.
 */
export function interestScore(campaign: Campaign, profile: Profile): number | undefined {
  const relevant =
    campaign.categories.length === 0
      ? profile.interests
      : profile.interests.filter((interest) => campaign.categories.includes(interest.category));
  if (relevant.length === 0) return campaign.categories.length === 0 ? 0 : undefined;
  return Math.max(...relevant.map((interest) => interest.score));
}

/**
 * The campaigns that may bid on an impression with this floor (CPM), for this user:
 * - only campaigns whose maxBid clears the floor (maxBid ≥ floor, and above zero);
 * - with a profile: the campaigns matching one of its interests, and those that target everyone;
 * - without one (profile down, slow or unknown user): those that target everyone or, failing those,
 *   the one campaign with the highest maxBid (ties: the smaller id, so the choice is stable).
 */
export function targetCampaigns(options: {
  campaigns: readonly Campaign[];
  profile: Profile | undefined;
  floor: number;
}): Campaign[] {
  const { profile, floor } = options;
  const clearing = options.campaigns.filter((campaign) => campaign.maxBid > 0 && campaign.maxBid >= floor);
  if (profile) return clearing.filter((campaign) => interestScore(campaign, profile) !== undefined);
  const untargeted = clearing.filter((campaign) => campaign.categories.length === 0);
  if (untargeted.length > 0) return untargeted;
  const [highest] = [...clearing].sort((a, b) => b.maxBid - a.maxBid || a.id.localeCompare(b.id));
  return highest ? [highest] : [];
}
