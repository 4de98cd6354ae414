import type { Bid, BidRequest, BidResponse, BidResponseEvent } from '@helios/core';
import { readFixtureJson } from '../../../test/helpers/fixture-path.ts';

/** A document of the OpenRTB 2.6 spec's worked examples (fixtures/openrtb). */
export function openrtbExample<T>(name: string): T {
  return readFixtureJson<T>('openrtb', name);
}

/** ex1, simple banner: `at` 1 (first price), one imp "1" with bidfloor 0.03, user and site.domain set. */
export const firstPriceRequest = (): BidRequest => openrtbExample('bidrequest-ex1-simple-banner.json');
/** ex3, mobile: `at` 2 (second price), one imp "1" with bidfloor 0.5, an app and no site. */
export const secondPriceRequest = (): BidRequest => openrtbExample('bidrequest-ex3-mobile.json');

/**
 * The bid response event the bidder would send for `request`: the spec's ex1 bid (the win-notice
 * example), re-aimed at the given imps and prices, each bid from campaign `campaign-<imp id>`.
 */
export function bidResponseEvent(request: BidRequest, prices: Record<string, number>): BidResponseEvent {
  const example = openrtbExample<BidResponse>('bidresponse-ex1-ad-served-on-win-notice.json');
  const template = example.seatbid![0]!.bid[0]!;
  const bids: Bid[] = Object.entries(prices).map(([impid, price]) => ({
    ...template,
    id: `bid-${impid}`,
    impid,
    price,
  }));
  const response: BidResponse =
    bids.length > 0
      ? { ...example, id: request.id, seatbid: [{ ...example.seatbid![0]!, bid: bids }] }
      : { ...openrtbExample<BidResponse>('bidresponse-impl7_1-nobid-with-reason.json'), id: request.id };
  return {
    request,
    response,
    enriched: true,
    submitted: true,
    campaigns: Object.fromEntries(
      bids.map((bid) => [bid.id, { campaignId: `campaign-${bid.impid}`, advertiserId: 'advertiser-1' }]),
    ),
    respondedAt: '2026-11-21T10:00:00.000Z',
  };
}
