import { NO_BID_REASON, type BidReplyEvent, type BidRequest } from '@helios/core';
import type { IngestAnswer } from './ingest-answer.ts';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** What the synchronous answer says: a bid, a no-bid, or a no-bid because the deadline came first. */
export type SyncResult = 'bid' | 'nobid' | 'deadline';

/**
 * Whether the exchange asked for a no-bid with a body: `Prefer: return=representation` (RFC 7240 §4.2),
 * the standard way to ask a server for a body where it would send none. Without it a no-bid is 204.
 */
export function wantsNoBidBody(prefer: string | string[] | undefined): boolean {
  const value = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return value.split(',').some((item) => item.split(';')[0]?.trim().toLowerCase() === 'return=representation');
}

/**
 * The HTTP answer to POST /openrtb2/bid (OpenRTB 2.6 §4.2.1): 200 with the BidResponse when the bidder's
 * reply holds at least one bid and was submitted in time; otherwise a no-bid: 204, or 200 `{ id, nbr }`
 * when the exchange asked for a body (nbr 15, Insufficient Auction Time, when the deadline came first).
 */
export function syncAnswer(options: {
  request: BidRequest;
  reply: BidReplyEvent | undefined;
  noBidBody: boolean;
  traceparent: string;
}): { answer: IngestAnswer; result: SyncResult } {
  const { request, reply, traceparent } = options;
  const headers = { traceparent, 'x-openrtb-version': '2.6' };
  const bids = reply?.response.seatbid?.reduce((count, seat) => count + seat.bid.length, 0) ?? 0;
  if (reply && reply.submitted && bids > 0) {
    return {
      answer: { statusCode: 200, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE }, body: reply.response },
      result: 'bid',
    };
  }
  const result: SyncResult = reply && reply.submitted ? 'nobid' : 'deadline';
  if (!options.noBidBody) return { answer: { statusCode: 204, headers }, result };
  const nbr = result === 'deadline' ? NO_BID_REASON.insufficientAuctionTime : (reply?.response.nbr ?? NO_BID_REASON.unknownError);
  return {
    answer: { statusCode: 200, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE }, body: { id: request.id, nbr } },
    result,
  };
}
