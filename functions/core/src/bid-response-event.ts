import { CloudEvent } from 'cloudevents';
import { eventData } from './event-data.ts';
import { EVENT_SOURCES, EVENT_TYPES } from './events.ts';
import { InvalidFieldError } from './errors.ts';
import { validateBidRequestFields } from './bid-request-fields.ts';
import { RULES, isCpm, isDateTime, isId, isObject, isNonEmptyString } from './field-rules.ts';
import type { BidRequest, BidResponse } from './openrtb.ts';
import { checkSeatBids } from './seat-bids.ts';
import { formatTraceparent, type TraceContext } from './trace.ts';

/**
 * What the auction and analytics read of the bid request, carried in the bid response event instead of
 * the whole request: the ids, the floors, the auction type and who and where the impression is. Field
 * names are OpenRTB's, so the summary is itself a (small) BidRequest.
 */
export interface BidRequestSummary {
  id: string;
  imp: { id: string; bidfloor?: number; bidfloorcur?: string }[];
  /** OpenRTB 2.6 §3.2.1 auction type, when the request set one */
  at?: number;
  user?: { id?: string };
  site?: { domain?: string };
  app?: { domain?: string };
}

/** The campaign behind a bid. */
export interface BidCampaign {
  campaignId: string;
  advertiserId: string;
}

/** data of `dev.helios.bid.response`: what the bidder answered, and what it knew when it did. */
export interface BidResponseEvent {
  request: BidRequestSummary;
  response: BidResponse;
  /** false when the bid was made without the user's profile (profile down, slow or unknown user). */
  enriched: boolean;
  /** the campaign behind each bid, by bid id */
  campaigns: Record<string, BidCampaign>;
  respondedAt: string;
  /** false when the bidder decided after the request's deadline: the bid never reached the exchange */
  submitted: boolean;
}

/**
 * The fields of a validated BidRequest that later stages read (see BidRequestSummary); optional fields
 * stay absent when the request left them out.
 */
export function summarizeBidRequest(request: BidRequest): BidRequestSummary {
  const summary: BidRequestSummary = {
    id: request.id,
    imp: request.imp.map(({ id, bidfloor, bidfloorcur }) => ({
      id,
      ...(bidfloor === undefined ? {} : { bidfloor }),
      ...(bidfloorcur === undefined ? {} : { bidfloorcur }),
    })),
  };
  if (request.at !== undefined) summary.at = request.at;
  if (request.user?.id !== undefined) summary.user = { id: request.user.id };
  if (request.site?.domain !== undefined) summary.site = { domain: request.site.domain };
  if (request.app?.domain !== undefined) summary.app = { domain: request.app.domain };
  return summary;
}

export interface BidResponseEventOptions {
  /** the request as the bid request event carried it */
  request: BidRequest;
  response: BidResponse;
  enriched: boolean;
  campaigns: Record<string, BidCampaign>;
  respondedAt: Date;
  /** false when decided after the request's deadline (see BidResponseEvent.submitted) */
  submitted: boolean;
  /** the bidder's span, a child of the request's */
  trace: TraceContext;
}

/**
 * The `dev.helios.bid.response` CloudEvent: id `response:<request id>` (the same for a redelivered
 * request, so the auction's consumers drop the copy), partitionkey the request id, the request reduced to
 * its summary.
 */
export function createBidResponseEvent(options: BidResponseEventOptions): CloudEvent<BidResponseEvent> {
  const { request, response, enriched, campaigns, respondedAt, submitted, trace } = options;
  return new CloudEvent<BidResponseEvent>({
    specversion: '1.0',
    type: EVENT_TYPES.bidResponse,
    source: EVENT_SOURCES.bidder,
    id: `response:${request.id}`,
    datacontenttype: 'application/json',
    partitionkey: request.id,
    traceparent: formatTraceparent(trace),
    data: {
      request: summarizeBidRequest(request),
      response,
      enriched,
      campaigns,
      respondedAt: respondedAt.toISOString(),
      submitted,
    },
  });
}

/**
 * The data of a `dev.helios.bid.response` CloudEvent, checked once at the auction's edge for every field
 * the auction and analytics read: the request summary by ingest's own rules (validateBidRequestFields),
 * `response.id` equal to the request id, every bid with an id, an `impid` of the request, a storable price
 * and its campaign, `enriched` a boolean, `respondedAt` a date-time, `submitted` a boolean (absent in events
 * from before the deadline existed, which were all answered in time: read as true).
 * Throws InvalidFieldError (400) naming the first bad field (`data.response.seatbid[0].bid[0].price …`).
 */
export function readBidResponseEvent(event: unknown): BidResponseEvent {
  const data = eventData(event, EVENT_TYPES.bidResponse);
  const [problem] = validateBidRequestFields(data['request'], 'data.request');
  if (problem) throw new InvalidFieldError(problem.field, problem.rule);
  const request = data['request'] as unknown as BidRequestSummary;
  const impIds = new Set(request.imp.map((imp) => imp.id));
  const response = data['response'];
  if (!isObject(response)) throw new InvalidFieldError('data.response', RULES.object);
  if (response['id'] !== request.id) throw new InvalidFieldError('data.response.id', 'must equal data.request.id');
  const campaigns = data['campaigns'];
  if (!isObject(campaigns)) throw new InvalidFieldError('data.campaigns', RULES.object);
  checkSeatBids(response, (bid, path) => {
    if (!isId(bid['id'])) throw new InvalidFieldError(`${path}.id`, RULES.id);
    if (typeof bid['impid'] !== 'string' || !impIds.has(bid['impid'])) {
      throw new InvalidFieldError(`${path}.impid`, 'must be the id of an imp of data.request');
    }
    if (!isCpm(bid['price'])) throw new InvalidFieldError(`${path}.price`, RULES.cpm);
    const campaignPath = `data.campaigns["${bid['id']}"]`;
    const campaign = Object.hasOwn(campaigns, bid['id']) ? campaigns[bid['id']] : undefined;
    if (!isObject(campaign)) throw new InvalidFieldError(campaignPath, 'must name the campaign of every bid');
    for (const key of ['campaignId', 'advertiserId']) {
      if (!isNonEmptyString(campaign[key])) throw new InvalidFieldError(`${campaignPath}.${key}`, RULES.nonEmptyString);
    }
  });
  if (typeof data['enriched'] !== 'boolean') throw new InvalidFieldError('data.enriched', RULES.boolean);
  if (!isDateTime(data['respondedAt'])) throw new InvalidFieldError('data.respondedAt', RULES.dateTime);
  const submitted = data['submitted'] ?? true;
  if (typeof submitted !== 'boolean') throw new InvalidFieldError('data.submitted', RULES.boolean);
  return { ...(data as unknown as BidResponseEvent), submitted };
}
