import type { Imp } from '@helios/core';
import type { Profile } from '@helios/core/profile';
import type { Campaign } from './campaign.ts';
import { interestScore } from './targeting.ts';

/** Prices are CPM with four decimals, as the campaigns and outcomes tables store them. */
const PRICE_SCALE = 10_000;

/**
 * What a campaign bids for an impression (CPM): floor + (maxBid − floor) × score, where the score is
 * how strongly the profile matches the campaign (`interestScore`). Never below the imp's bidfloor,
 * never above the campaign's maxBid; without a profile, exactly the floor.
 * Returns undefined when the campaign cannot pay the floor (maxBid < imp.bidfloor).
 */
export function priceBid(options: { imp: Imp; campaign: Campaign; profile: Profile | undefined }): number | undefined {
  const { imp, campaign, profile } = options;
  const floor = imp.bidfloor ?? 0;
  if (campaign.maxBid < floor) return undefined;
  const score = profile ? (interestScore(campaign, profile) ?? 0) : 0;
  if (score <= 0) return floor;
  // Rounded down to the stored precision, then clamped: rounding must never push a bid under the floor.
  const raw = floor + (campaign.maxBid - floor) * Math.min(score, 1);
  const rounded = Math.floor(raw * PRICE_SCALE + 1e-6) / PRICE_SCALE;
  return Math.min(campaign.maxBid, Math.max(floor, rounded));
}
