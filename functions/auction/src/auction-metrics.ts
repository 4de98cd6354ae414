import { counter, histogram } from '@helios/core';

/**
 * helios_auctions_total{status}: `win` and `loss` count auctioned impressions; `invalid` counts bid
 * responses rejected with a 400, `failed` the ones answered 503 (K_SINK down) and redelivered.
 */
export const auctionsTotal = counter('helios_auctions_total', 'Impressions auctioned, and bid responses that failed', [
  'status',
]);

/** helios_auction_duration_seconds: from receiving a bid response to every outcome accepted by K_SINK. */
export const auctionDuration = histogram(
  'helios_auction_duration_seconds',
  'Time to auction a bid response and emit its outcomes',
);
