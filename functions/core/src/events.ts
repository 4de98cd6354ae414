/**
 * The CloudEvent types that flow between the stages, defined once. Topics are not named here: they are
 * named once, in eventing/*.yaml, and a function only knows the K_SINK it posts to. Each type's data,
 * builder and reader live in its own module: bid-request-event.ts, bid-response-event.ts,
 * bid-reply-event.ts, auction-outcome-event.ts.
 */
export const EVENT_TYPES = {
  bidRequest: 'dev.helios.bid.request',
  bidResponse: 'dev.helios.bid.response',
  auctionOutcome: 'dev.helios.auction.outcome',
  /** the bidder's answer to a synchronous request, routed back to the waiting caller by the RequestReply */
  bidReply: 'dev.helios.bid.reply',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** The CloudEvent `source` of each function's events. */
export const EVENT_SOURCES = {
  ingest: '/helios/ingest',
  bidder: '/helios/bidder',
  auction: '/helios/auction',
} as const;

/** The wire format a bid request arrived in at ingest. */
export type RequestFormat = 'openrtb' | 'helios' | 'cloudevent';
