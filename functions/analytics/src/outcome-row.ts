import { EVENT_TYPES, InvalidFieldError, eventData, parseTraceparent } from '@helios/core';
import type { NewAuctionOutcomeRow } from '@helios/core/db';

/** numeric(12, 4) holds values below 10^8. */
const MAX_CPM = 100_000_000;

/**
 * The auction_outcomes row of a `dev.helios.auction.outcome` CloudEvent (data AuctionOutcome): the
 * outcome's fields, the event's `source` and `id` (the key that makes a redelivery a no-op) and the
 * trace id of its `traceparent` extension (null when absent or malformed).
 * Guarantees prices finite, ≥ 0 and storable; a win has a winPrice, a loss none; decidedAt a valid date.
 * Nullable fields may be absent. Throws InvalidFieldError (400) naming the first bad field.
 */
export function outcomeRow(event: unknown): NewAuctionOutcomeRow {
  const data = eventData(event, EVENT_TYPES.auctionOutcome);
  const envelope = event as { id: string; source: unknown; traceparent?: unknown };
  if (typeof envelope.source !== 'string' || envelope.source === '') {
    throw new InvalidFieldError('source', 'must be a non-empty string');
  }
  const status = data['status'];
  if (status !== 'win' && status !== 'loss') throw new InvalidFieldError('data.status', 'must be win or loss');
  const winPrice = cpm(data['winPrice'], 'data.winPrice', status === 'win');
  if (status === 'loss' && winPrice !== null) throw new InvalidFieldError('data.winPrice', 'must be null for a loss');
  const lossReason = data['lossReason'] ?? null;
  if (lossReason !== null && (!Number.isInteger(lossReason) || (lossReason as number) < 0)) {
    throw new InvalidFieldError('data.lossReason', 'must be an integer ≥ 0 or null');
  }
  if (typeof data['enriched'] !== 'boolean') throw new InvalidFieldError('data.enriched', 'must be true or false');
  // Absent in outcomes from before the deadline existed: those were all submitted.
  const submitted = data['submitted'] ?? true;
  if (typeof submitted !== 'boolean') throw new InvalidFieldError('data.submitted', 'must be true or false');
  if (!submitted && status === 'win') throw new InvalidFieldError('data.status', 'must be loss when the bid was not submitted');
  return {
    id: text(data['id'], 'data.id'),
    eventSource: envelope.source,
    eventId: envelope.id,
    requestId: text(data['requestId'], 'data.requestId'),
    impId: text(data['impId'], 'data.impId'),
    userId: nullableText(data['userId'], 'data.userId'),
    siteDomain: nullableText(data['siteDomain'], 'data.siteDomain'),
    campaignId: nullableText(data['campaignId'], 'data.campaignId'),
    advertiserId: nullableText(data['advertiserId'], 'data.advertiserId'),
    bidPrice: cpm(data['bidPrice'], 'data.bidPrice', false),
    winPrice,
    floorPrice: cpm(data['floorPrice'], 'data.floorPrice', true) as number,
    winStatus: status === 'win',
    lossReason: lossReason as number | null,
    enriched: data['enriched'],
    submitted,
    traceId: parseTraceparent(envelope.traceparent)?.traceId ?? null,
    decidedAt: date(data['decidedAt'], 'data.decidedAt'),
  };
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidFieldError(path, 'must be a non-empty string');
  return value;
}

function nullableText(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new InvalidFieldError(path, 'must be a string or null');
  return value;
}

function cpm(value: unknown, path: string, required: boolean): number | null {
  if (!required && (value === undefined || value === null)) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= MAX_CPM) {
    throw new InvalidFieldError(path, `must be a number in [0, ${MAX_CPM})`);
  }
  return value;
}

function date(value: unknown, path: string): Date {
  const parsed = typeof value === 'string' ? new Date(value) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) throw new InvalidFieldError(path, 'must be an RFC 3339 date-time');
  return parsed;
}
