import { CloudEvent } from 'cloudevents';
import { eventData } from './event-data.ts';
import { EVENT_SOURCES, EVENT_TYPES } from './events.ts';
import { InvalidFieldError } from './errors.ts';
import { RULES, isCpm, isId, isNonNegativeInteger, isObject } from './field-rules.ts';
import type { BidResponse } from './openrtb.ts';
import { checkSeatBids } from './seat-bids.ts';
import { formatTraceparent, type TraceContext } from './trace.ts';

/**
 * The attributes of Knative's RequestReply that eventing/bid-requests.yaml keeps at their defaults: a
 * synchronous request carries `correlationid`, and its reply must carry the same value in `replyid`.
 */
export const REQUEST_REPLY_ATTRIBUTES = Object.freeze({ correlation: 'correlationid', reply: 'replyid' } as const);

/**
 * data of `dev.helios.bid.reply`: the answer to a synchronous request, the BidResponse alone (the request is
 * the caller's already). `submitted` false means the bidder decided after the deadline: the waiting caller
 * answers no-bid, and the auction counts no win.
 */
export interface BidReplyEvent {
  response: BidResponse;
  submitted: boolean;
}

export interface BidReplyEventOptions {
  response: BidResponse;
  submitted: boolean;
  /** the request's `correlationid`, which the reply carries back as `replyid` */
  correlationId: string;
  /** the bidder's span, the same as its bid response event's */
  trace: TraceContext;
}

/**
 * The `dev.helios.bid.reply` CloudEvent: id `reply:<request id>` (the same for a redelivered request),
 * partitionkey the request id, `replyid` the request's correlation id, so the RequestReply hands it to the
 * ingest replica holding the exchange's connection.
 */
export function createBidReplyEvent(options: BidReplyEventOptions): CloudEvent<BidReplyEvent> {
  const { response, submitted, correlationId, trace } = options;
  return new CloudEvent<BidReplyEvent>({
    specversion: '1.0',
    type: EVENT_TYPES.bidReply,
    source: EVENT_SOURCES.bidder,
    id: `reply:${response.id}`,
    datacontenttype: 'application/json',
    partitionkey: response.id,
    traceparent: formatTraceparent(trace),
    [REQUEST_REPLY_ATTRIBUTES.reply]: correlationId,
    data: { response, submitted },
  });
}

/**
 * The data of a `dev.helios.bid.reply` CloudEvent, checked once at ingest's edge for what it passes to the
 * exchange (OpenRTB 2.6 §4.2.1–3 required fields): `response.id` an id (the caller holds the request it
 * must equal), each `seatbid[]` an
 * object with a `bid` array, each bid an `id`, an `impid` and a storable `price`; `nbr` when present an
 * integer ≥ 0; `submitted` a boolean.
 * Throws InvalidFieldError naming the first bad field (`data.response.seatbid[0].bid[0].price …`).
 */
export function readBidReplyEvent(event: unknown): BidReplyEvent {
  const data = eventData(event, EVENT_TYPES.bidReply);
  const response = data['response'];
  if (!isObject(response)) throw new InvalidFieldError('data.response', RULES.object);
  if (!isId(response['id'])) throw new InvalidFieldError('data.response.id', RULES.id);
  if (response['nbr'] !== undefined && !isNonNegativeInteger(response['nbr'])) {
    throw new InvalidFieldError('data.response.nbr', 'must be an integer ≥ 0');
  }
  checkSeatBids(response, (bid, path) => {
    if (!isId(bid['id'])) throw new InvalidFieldError(`${path}.id`, RULES.id);
    if (!isId(bid['impid'])) throw new InvalidFieldError(`${path}.impid`, RULES.id);
    if (!isCpm(bid['price'])) throw new InvalidFieldError(`${path}.price`, RULES.cpm);
  });
  if (typeof data['submitted'] !== 'boolean') throw new InvalidFieldError('data.submitted', RULES.boolean);
  return data as unknown as BidReplyEvent;
}
