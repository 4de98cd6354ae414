import { CloudEvent } from 'cloudevents';
import { eventData } from './event-data.ts';
import { EVENT_SOURCES, EVENT_TYPES } from './events.ts';
import { InvalidFieldError } from './errors.ts';
import { RULES, isCarriableText, isCpm, isDateTime, isId, isNonEmptyString } from './field-rules.ts';
import { formatTraceparent, type TraceContext } from './trace.ts';

export type OutcomeStatus = 'win' | 'loss';

/** data of `dev.helios.auction.outcome`: one impression's result, the unit analytics stores. */
export interface AuctionOutcome {
  /** `<request id>:<imp id>`, stable across redeliveries (auctionOutcomeId) */
  id: string;
  requestId: string;
  impId: string;
  userId: string | null;
  siteDomain: string | null;
  campaignId: string | null;
  advertiserId: string | null;
  /** our bid, CPM; null for a no-bid */
  bidPrice: number | null;
  /** the clearing price when we won, CPM */
  winPrice: number | null;
  floorPrice: number;
  status: OutcomeStatus;
  /** OpenRTB loss reason code (§5.25 / loss-reason-codes.json) when lost */
  lossReason: number | null;
  enriched: boolean;
  /** false when our bid was decided after the deadline and never reached the exchange (never a win) */
  submitted: boolean;
  decidedAt: string;
}

/** An outcome as a consumer reads it: the data and the envelope fields that key and trace it. */
export interface ReadAuctionOutcome {
  readonly outcome: AuctionOutcome;
  /** CloudEvent `source` and `id`: together the key that makes a redelivery a no-op */
  readonly eventSource: string;
  readonly eventId: string;
  /** the `traceparent` extension, when present */
  readonly traceparent: string | undefined;
}

/** The id of the outcome of one imp of one request: the same on every redelivery. */
export function auctionOutcomeId(requestId: string, impId: string): string {
  return `${requestId}:${impId}`;
}

/**
 * The `dev.helios.auction.outcome` CloudEvent of one outcome. Its id, `outcome:<request id>:<imp id>`,
 * is the same on every redelivery of the bid response, so idempotent consumers drop the copies.
 * Extensions: `outcome` (win|loss, which the bidder's Trigger filters on), `partitionkey` (the campaign,
 * so one campaign's outcomes stay in order on one partition; the request id when no campaign bid) and
 * `traceparent` (CloudEvents distributed-tracing extension).
 */
export function createAuctionOutcomeEvent(outcome: AuctionOutcome, trace: TraceContext): CloudEvent<AuctionOutcome> {
  return new CloudEvent<AuctionOutcome>({
    specversion: '1.0',
    id: `outcome:${outcome.requestId}:${outcome.impId}`,
    source: EVENT_SOURCES.auction,
    type: EVENT_TYPES.auctionOutcome,
    subject: outcome.id,
    time: outcome.decidedAt,
    datacontenttype: 'application/json',
    data: outcome,
    outcome: outcome.status,
    partitionkey: outcome.campaignId ?? outcome.requestId,
    traceparent: formatTraceparent(trace),
  });
}

/**
 * The outcome of a `dev.helios.auction.outcome` CloudEvent, checked once at the consumer's edge for
 * everything analytics and the bidder's spend read: ids, storable text, prices a numeric(12, 4) holds (a
 * win has a winPrice, a bid price and its campaign; a loss no winPrice), an integer loss reason,
 * `enriched`, `submitted` (a bid not submitted is never a win; absent in outcomes from before the deadline
 * existed, which were all submitted: read as true), `decidedAt`. Nullable fields may be absent and read as
 * null.
 * Throws InvalidFieldError (400) naming the first bad field.
 */
export function readAuctionOutcomeEvent(event: unknown): ReadAuctionOutcome {
  const data = eventData(event, EVENT_TYPES.auctionOutcome);
  const envelope = event as { id: string; source: unknown; traceparent?: unknown };
  if (!isNonEmptyString(envelope.source)) throw new InvalidFieldError('source', RULES.nonEmptyString);
  const status = data['status'];
  if (status !== 'win' && status !== 'loss') throw new InvalidFieldError('data.status', 'must be win or loss');
  const win = status === 'win';
  const requestId = id(data['requestId'], 'data.requestId');
  const impId = id(data['impId'], 'data.impId');
  if (data['id'] !== auctionOutcomeId(requestId, impId)) {
    throw new InvalidFieldError('data.id', 'must be "<data.requestId>:<data.impId>"');
  }
  const outcome: AuctionOutcome = {
    id: auctionOutcomeId(requestId, impId),
    requestId,
    impId,
    userId: nullableText(data['userId'], 'data.userId'),
    siteDomain: nullableText(data['siteDomain'], 'data.siteDomain'),
    campaignId: nullableText(data['campaignId'], 'data.campaignId', win),
    advertiserId: nullableText(data['advertiserId'], 'data.advertiserId', win),
    bidPrice: cpm(data['bidPrice'], 'data.bidPrice', win),
    winPrice: cpm(data['winPrice'], 'data.winPrice', win),
    floorPrice: cpm(data['floorPrice'], 'data.floorPrice', true) as number,
    status,
    lossReason: lossReason(data['lossReason']),
    enriched: boolean(data['enriched'], 'data.enriched'),
    submitted: boolean(data['submitted'] ?? true, 'data.submitted'),
    decidedAt: dateTime(data['decidedAt'], 'data.decidedAt'),
  };
  if (!win && outcome.winPrice !== null) throw new InvalidFieldError('data.winPrice', 'must be null for a loss');
  if (win && !outcome.submitted)
    throw new InvalidFieldError('data.status', 'must be loss when the bid was not submitted');
  const traceparent = typeof envelope.traceparent === 'string' ? envelope.traceparent : undefined;
  return Object.freeze({ outcome, eventSource: envelope.source, eventId: envelope.id, traceparent });
}

function id(value: unknown, path: string): string {
  if (!isId(value)) throw new InvalidFieldError(path, RULES.id);
  return value;
}

function nullableText(value: unknown, path: string, required = false): string | null {
  if (!required && (value === undefined || value === null)) return null;
  if (required && !isNonEmptyString(value)) throw new InvalidFieldError(path, `${RULES.nonEmptyString} for a win`);
  if (!isCarriableText(value)) throw new InvalidFieldError(path, `${RULES.text}, or null`);
  return value;
}

function cpm(value: unknown, path: string, required: boolean): number | null {
  if (!required && (value === undefined || value === null)) return null;
  if (!isCpm(value)) throw new InvalidFieldError(path, required ? `${RULES.cpm}` : `${RULES.cpm}, or null`);
  return value;
}

function lossReason(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new InvalidFieldError('data.lossReason', 'must be an integer ≥ 0, or null');
  }
  return value as number;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidFieldError(path, RULES.boolean);
  return value;
}

function dateTime(value: unknown, path: string): string {
  if (!isDateTime(value)) throw new InvalidFieldError(path, RULES.dateTime);
  return value;
}
