import type { BidRequest, Creative, Imp } from '@helios/core';
import type { Profile } from '@helios/core/profile';
import type { Campaign } from './campaign.ts';
import { chooseCreative } from './choose-creative.ts';
import { hasBudget } from './pacing.ts';
import { priceBid } from './pricing.ts';
import { targetCampaigns } from './targeting.ts';

/** One impression Helios bids on, for which campaign, at which price (CPM). */
export interface ChosenBid {
  readonly imp: Imp;
  readonly campaign: Campaign;
  readonly price: number;
  /** the ad served, when the campaign has creatives (it then bids only where one fits) */
  readonly creative?: Creative;
}

/** Campaigns' budgets and prices are in US dollars; Helios keeps no exchange rates. */
const CURRENCY = 'USD';

/**
 * Chooses at most one bid per impression: among the campaigns with budget left today (pacing) that
 * target this user at this floor (targeting), the one that bids the most (pricing); ties go to the
 * higher maxBid, then the smaller id, so a redelivered request gets the same answer.
 * Skips impressions whose floor is in another currency, bids priced at zero (no floor, no profile), and
 * campaigns with creatives none of which fits the impression (chooseCreative).
 */
export function chooseBids(options: {
  request: BidRequest;
  profile: Profile | undefined;
  campaigns: readonly Campaign[];
  spentToday: ReadonlyMap<string, number>;
}): ChosenBid[] {
  const { request, profile } = options;
  const affordable = options.campaigns.filter((campaign) =>
    hasBudget({ campaign, spentToday: options.spentToday.get(campaign.id) ?? 0 }),
  );
  const bids: ChosenBid[] = [];
  for (const imp of request.imp) {
    if ((imp.bidfloorcur ?? CURRENCY) !== CURRENCY) continue;
    const candidates = targetCampaigns({ campaigns: affordable, profile, floor: imp.bidfloor ?? 0 })
      .flatMap((campaign): ChosenBid[] => {
        const price = priceBid({ imp, campaign, profile });
        const creative = chooseCreative(imp, campaign.creatives);
        if (price === undefined || price <= 0 || (!creative && campaign.creatives.length > 0)) return [];
        return [creative ? { imp, campaign, price, creative } : { imp, campaign, price }];
      })
      .sort(
        (a, b) =>
          b.price - a.price || b.campaign.maxBid - a.campaign.maxBid || a.campaign.id.localeCompare(b.campaign.id),
      );
    if (candidates[0]) bids.push(candidates[0]);
  }
  return bids;
}
