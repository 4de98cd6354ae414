import { parseTraceparent, readAuctionOutcomeEvent } from '@helios/core';
import type { NewAuctionOutcomeRow } from '@helios/core/db';

/**
 * The auction_outcomes row of a `dev.helios.auction.outcome` CloudEvent, read with core's
 * readAuctionOutcomeEvent (which guarantees prices storable, a win with its winPrice, a loss without, a
 * not-submitted bid never a win, a valid decidedAt): the outcome's fields, the event's `source` and `id`
 * (the key that makes a redelivery a no-op) and the trace id of its `traceparent` extension (null when
 * absent or malformed).
 * Throws InvalidFieldError (400) naming the first bad field.
 */
export function outcomeRow(event: unknown): NewAuctionOutcomeRow {
  const { outcome, eventSource, eventId, traceparent } = readAuctionOutcomeEvent(event);
  return {
    id: outcome.id,
    eventSource,
    eventId,
    requestId: outcome.requestId,
    impId: outcome.impId,
    userId: outcome.userId,
    siteDomain: outcome.siteDomain,
    campaignId: outcome.campaignId,
    advertiserId: outcome.advertiserId,
    bidPrice: outcome.bidPrice,
    winPrice: outcome.winPrice,
    floorPrice: outcome.floorPrice,
    winStatus: outcome.status === 'win',
    lossReason: outcome.lossReason,
    enriched: outcome.enriched,
    submitted: outcome.submitted,
    traceId: parseTraceparent(traceparent)?.traceId ?? null,
    decidedAt: new Date(outcome.decidedAt),
  };
}
