import type { CompetingBid } from './competing-bids.ts';
import { roundCpm } from './cpm.ts';
import { LOSS_REASON, type LossReason } from './loss-reason.ts';

export type AuctionType = 'first-price' | 'second-price';

/**
 * The auction type of a request: OpenRTB 2.6 §3.2.1 `at`, 1 first price, 2 second price plus, 2 when
 * absent. An exchange-specific type (500 and above, which ingest accepts) has rules Helios cannot know;
 * the simulated exchange clears it as second price plus, the spec's default.
 */
export function auctionTypeOf(at: number | undefined): AuctionType {
  return at === 1 ? 'first-price' : 'second-price';
}

export interface ClearAuctionOptions {
  auctionType: AuctionType;
  /** imp.bidfloor, CPM */
  floor: number;
  /** what a second-price winner pays above the runner-up, CPM */
  incrementCpm: number;
  /** our bid; undefined when we did not bid on this imp */
  ours: { price: number; tiebreak: number } | undefined;
  competing: readonly CompetingBid[];
}

export type Clearing =
  { readonly status: 'win'; readonly price: number } | { readonly status: 'loss'; readonly lossReason: LossReason };

/**
 * Clears one impression's auction. Bids below the floor are out. The highest remaining bid wins, equal
 * prices ordered by the lower tiebreak. First price: the winner pays its bid. Second price: it pays the
 * runner-up's bid (or the floor when there is none, or when higher) plus the increment, never more than
 * its own bid and never less than the floor.
 */
export function clearAuction(options: ClearAuctionOptions): Clearing {
  const { ours, floor } = options;
  if (!ours) return Object.freeze({ status: 'loss', lossReason: LOSS_REASON.noBid });
  if (ours.price < floor) return Object.freeze({ status: 'loss', lossReason: LOSS_REASON.belowAuctionFloor });
  const rivals = options.competing.filter((bid) => bid.price >= floor).sort(byPriceThenTiebreak);
  const best = rivals[0];
  if (best && byPriceThenTiebreak(best, ours) < 0) {
    return Object.freeze({ status: 'loss', lossReason: LOSS_REASON.lostToHigherBid });
  }
  if (options.auctionType === 'first-price') return Object.freeze({ status: 'win', price: ours.price });
  const runnerUp = Math.max(best?.price ?? floor, floor);
  const price = Math.min(Math.max(roundCpm(runnerUp + options.incrementCpm), floor), ours.price);
  return Object.freeze({ status: 'win', price });
}

function byPriceThenTiebreak(a: { price: number; tiebreak: number }, b: { price: number; tiebreak: number }): number {
  return b.price - a.price || a.tiebreak - b.tiebreak;
}
