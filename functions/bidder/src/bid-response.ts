import type { Bid, BidRequest, BidResponse, SeatBid } from '@helios/core';
import type { ChosenBid } from './bidding.ts';
import { mediaTypeOf } from './choose-creative.ts';

export interface BuiltBidResponse {
  readonly response: BidResponse;
  /** the campaign behind each bid, by bid id */
  readonly campaigns: Record<string, { campaignId: string; advertiserId: string }>;
}

/**
 * The OpenRTB 2.6 BidResponse (§4.2.1) for the chosen bids: one SeatBid per advertiser (the buyer
 * seat, §4.2.2), bid ids `<request id>:<imp id>` so a redelivered request yields the same ids, `cid` the
 * campaign, `adomain` its advertiser's domains, and from its creative `crid`, `mtype`, `w`/`h` and the
 * markup `adm` or the notice URLs `nurl`/`burl`/`lurl` (macros such as `${AUCTION_PRICE}` left for the
 * exchange to substitute, §4.4); without a creative, `mtype` is the imp's one media type. With no bids it is a no-bid, `{ id, seatbid: [], nbr }` (implementation guide §7.1), `nbr`
 * present only when a reason code applies (OpenRTB 3.0 List: No-Bid Reason Codes).
 */
export function buildBidResponse(options: {
  request: BidRequest;
  bids: readonly ChosenBid[];
  nbr?: number;
}): BuiltBidResponse {
  const { request, bids } = options;
  if (bids.length === 0) {
    const response: BidResponse = { id: request.id, seatbid: [] };
    if (options.nbr !== undefined) response.nbr = options.nbr;
    return { response, campaigns: {} };
  }
  const seats = new Map<string, Bid[]>();
  const campaigns: BuiltBidResponse['campaigns'] = {};
  for (const { imp, campaign, price, creative } of bids) {
    const id = `${request.id}:${imp.id}`;
    const bid: Bid = { id, impid: imp.id, price, cid: campaign.id };
    if (campaign.adomain?.length) bid.adomain = [...campaign.adomain];
    if (creative) {
      const { crid, mtype, w, h, adm, nurl, burl, lurl } = creative;
      Object.assign(bid, Object.fromEntries(Object.entries({ crid, mtype, w, h, adm, nurl, burl, lurl }).filter(([, value]) => value !== undefined)));
    } else {
      const mtype = mediaTypeOf(imp);
      if (mtype !== undefined) bid['mtype'] = mtype;
    }
    seats.set(campaign.advertiserId, [...(seats.get(campaign.advertiserId) ?? []), bid]);
    campaigns[id] = { campaignId: campaign.id, advertiserId: campaign.advertiserId };
  }
  const seatbid: SeatBid[] = [...seats].map(([seat, seatBids]) => ({ seat, bid: seatBids }));
  return { response: { id: request.id, bidid: `response:${request.id}`, cur: 'USD', seatbid }, campaigns };
}
