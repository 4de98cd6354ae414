import { counter, histogram, metricsRegistry, prometheus } from '@helios/core';

/** Bid requests answered: result bid|nobid, enriched true|false (whether the profile was known). */
export const bidsTotal = counter('helios_bids_total', 'Bid requests answered', ['result', 'enriched']);

/**
 * Bid requests past their tmax, answered with a no-bid (nbr 15) instead of bids: `on_arrival` when the
 * deadline had passed before bidding began (a late or redelivered request), `while_bidding` when it passed
 * during the lookups.
 */
export const bidRequestsExpired = counter(
  'helios_bid_requests_expired_total',
  'Bid requests answered with a no-bid because their tmax had passed',
  ['when'],
);

/** Profile lookups by result: found, not_found, timeout, open (the breaker answered), error. */
export const profileLookupSeconds = histogram('helios_profile_lookup_seconds', 'Profile lookups, seconds', ['result']);

/** Won outcomes by result: applied, duplicate (redelivered, already counted), ignored (not a win). */
export const spendEventsTotal = counter('helios_spend_events_total', 'Auction outcomes applied to campaign spend', [
  'result',
]);

/** The profile circuit breaker: 0 closed, 1 half-open, 2 open. */
export const profileBreakerState =
  (metricsRegistry.getSingleMetric('helios_profile_breaker_state') as prometheus.Gauge | undefined) ??
  new prometheus.Gauge({
    name: 'helios_profile_breaker_state',
    help: 'Profile circuit breaker: 0 closed, 1 half-open, 2 open',
  });
