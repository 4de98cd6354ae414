import type { BidRequest, BidResponse } from './openrtb.ts';

/**
 * The CloudEvent types that flow between the stages, defined once. Topics are not named here: they are
 * named once, in eventing/*.yaml, and a function only knows the K_SINK it posts to.
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

/** data of `dev.helios.bid.request`: an OpenRTB 2.6 request, whatever format it arrived in. */
export interface BidRequestEvent {
  request: BidRequest;
  format: RequestFormat;
  receivedAt: string;
  /**
   * When the answer stops counting (RFC 3339): receivedAt + tmax − ingest's margin. Set for every synchronous
   * request and for an asynchronous one with a tmax; a decision made later is never submitted.
   */
  deadline?: string;
}

/**
 * data of `dev.helios.bid.reply`: the answer to a synchronous request. `submitted` false means the bidder
 * decided after the deadline: the waiting caller answers no-bid, and the auction counts no win.
 */
export interface BidReplyEvent {
  response: BidResponse;
  submitted: boolean;
}

/** data of `dev.helios.bid.response`: what the bidder answered, and what it knew when it did. */
export interface BidResponseEvent {
  request: BidRequest;
  response: BidResponse;
  /** false when the bid was made without the user's profile (profile down, slow or unknown user). */
  enriched: boolean;
  /** the campaign behind each bid, by bid id */
  campaigns: Record<string, { campaignId: string; advertiserId: string }>;
  respondedAt: string;
  /** false when the bidder decided after the request's deadline: the bid never reached the exchange */
  submitted: boolean;
}

export type OutcomeStatus = 'win' | 'loss';

/** data of `dev.helios.auction.outcome`: one impression's result, the unit analytics stores. */
export interface AuctionOutcome {
  /** `<request id>:<imp id>`, stable across redeliveries */
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
