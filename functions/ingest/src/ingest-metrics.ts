import { counter, histogram, type ErrorCode, type RequestFormat } from '@helios/core';

/** The format label: `unknown` when a request was refused before its format was known. */
export type FormatLabel = RequestFormat | 'unknown';

/** accepted: emitted (202); rejected: the request's fault (4xx); failed: ours or the sink's (5xx). */
export type IngestOutcome = 'accepted' | 'rejected' | 'failed';

// The seed's smoke test greps /metrics for `bid_requests_total`: that name stays unprefixed.
const bidRequests = counter('bid_requests_total', 'Bid requests received at POST /bid, by format and outcome', [
  'format',
  'outcome',
]);
const rejections = counter('helios_ingest_rejections_total', 'Bid requests refused with a 4xx, by error code', [
  'code',
]);
const duration = histogram(
  'helios_ingest_request_duration_seconds',
  'Time to decode, validate and emit a bid request',
  ['outcome'],
);

/**
 * Counts one request in bid_requests_total{format,outcome}, a refused one also in
 * helios_ingest_rejections_total{code}, and observes its duration when it was timed. Never throws.
 */
export function recordIngest(options: {
  format: FormatLabel;
  outcome: IngestOutcome;
  code?: ErrorCode;
  seconds?: number;
}): void {
  bidRequests.inc({ format: options.format, outcome: options.outcome });
  if (options.outcome === 'rejected' && options.code) rejections.inc({ code: options.code });
  if (options.seconds !== undefined) duration.observe({ outcome: options.outcome }, options.seconds);
}

const syncAnswers = counter(
  'helios_ingest_sync_answers_total',
  'Answers of POST /openrtb2/bid, by result: bid (200), nobid, deadline (the deadline passed first: no-bid)',
  ['result'],
);

/** Counts one synchronous answer; `deadline` is a request whose deadline passed before the bidder's reply. */
export function recordSyncAnswer(result: 'bid' | 'nobid' | 'deadline'): void {
  syncAnswers.inc({ result });
}
