import { seededRandom, type AuctionOutcome, type Bid, type BidResponse, type BidResponseEvent } from '@helios/core';
import { auctionTypeOf, clearAuction } from './clear-auction.ts';
import { simulateCompetingBids } from './competing-bids.ts';
import { LOSS_REASON } from './loss-reason.ts';

export interface RunAuctionOptions {
  /** a validated bid response (validateBidResponseEvent) */
  event: BidResponseEvent;
  /** how many other buyers bid on each imp */
  competitors: number;
  /** what a second-price winner pays above the runner-up, CPM */
  incrementCpm: number;
  /** the CPM competitors bid around when an imp has no floor */
  referenceCpm: number;
  decidedAt: Date;
}

/**
 * Simulates the exchange's auction for every imp of the request, one outcome per imp, in the request's
 * order; an imp we did not bid on is a loss with bidPrice null. The other buyers are drawn from a seed of
 * the request id and imp id, so the same input always gives the same outcomes (a redelivered event
 * replays the same auction). A bid decided after the deadline (`submitted: false`) never reached the
 * exchange: its imp is a loss with reason 2, Impression Opportunity Expired, whatever it bid (no win, no
 * spend). Outcomes are frozen.
 */
export function runAuction(options: RunAuctionOptions): readonly AuctionOutcome[] {
  const { request, response, campaigns, enriched } = options.event;
  // Events from before the field existed were all answered in time.
  const submitted = options.event.submitted !== false;
  const auctionType = auctionTypeOf(request.at);
  const bids = bestBidPerImp(response);
  return Object.freeze(
    request.imp.map((imp) => {
      const floor = imp.bidfloor ?? 0;
      const random = seededRandom(JSON.stringify([request.id, imp.id]));
      const bid = bids.get(imp.id);
      const ourTiebreak = random();
      const cleared = clearAuction({
        auctionType,
        floor,
        incrementCpm: options.incrementCpm,
        ours: bid && { price: bid.price, tiebreak: ourTiebreak },
        competing: simulateCompetingBids({
          random,
          count: options.competitors,
          floor,
          referenceCpm: options.referenceCpm,
        }),
      });
      const clearing = submitted || !bid ? cleared : ({ status: 'loss', lossReason: LOSS_REASON.expired } as const);
      const campaign = bid && Object.hasOwn(campaigns, bid.id) ? campaigns[bid.id] : undefined;
      return Object.freeze<AuctionOutcome>({
        id: `${request.id}:${imp.id}`,
        requestId: request.id,
        impId: imp.id,
        userId: request.user?.id ?? null,
        siteDomain: request.site?.domain ?? request.app?.domain ?? null,
        campaignId: campaign?.campaignId ?? null,
        advertiserId: campaign?.advertiserId ?? null,
        bidPrice: bid?.price ?? null,
        winPrice: clearing.status === 'win' ? clearing.price : null,
        floorPrice: floor,
        status: clearing.status,
        lossReason: clearing.status === 'loss' ? clearing.lossReason : null,
        enriched,
        submitted,
        decidedAt: options.decidedAt.toISOString(),
      });
    }),
  );
}

/** A DSP sends one bid per imp; should it send several, the exchange takes its highest (the first of equals). */
function bestBidPerImp(response: BidResponse): Map<string, Bid> {
  const best = new Map<string, Bid>();
  for (const bid of (response.seatbid ?? []).flatMap((seat) => seat.bid)) {
    const current = best.get(bid.impid);
    if (!current || bid.price > current.price) best.set(bid.impid, bid);
  }
  return best;
}
