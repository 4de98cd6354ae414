import { roundCpm } from './cpm.ts';

/** One simulated bid from another buyer on the exchange. */
export interface CompetingBid {
  readonly price: number;
  /** orders equal prices: the lower wins */
  readonly tiebreak: number;
}

export interface CompetingBidsOptions {
  /** a seeded source (seededRandom), so the same impression always meets the same competitors */
  random: () => number;
  count: number;
  /** imp.bidfloor, CPM */
  floor: number;
  /** the CPM competitors bid around when the imp has no floor */
  referenceCpm: number;
}

/** Competitors bid uniformly in [0.6, 1.6) × the floor: about 40% fall below it and drop out. */
const LOWEST_SHARE = 0.6;

/**
 * The other buyers' bids on one impression, drawn around the floor (or the reference CPM when the floor
 * is 0). Guarantees `count` bids, each ≥ 0 and rounded to 4 decimals; the same `random` sequence gives the
 * same bids.
 */
export function simulateCompetingBids(options: CompetingBidsOptions): readonly CompetingBid[] {
  const base = options.floor > 0 ? options.floor : options.referenceCpm;
  return Array.from({ length: options.count }, () => {
    const price = roundCpm(base * (LOWEST_SHARE + options.random()));
    return Object.freeze({ price, tiebreak: options.random() });
  });
}
