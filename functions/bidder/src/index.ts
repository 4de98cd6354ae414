import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { CloudEvent } from 'cloudevents';
import type { Context } from 'faas-js-runtime';
import {
  DependencyUnavailableError,
  errorResponse,
  EVENT_SOURCES,
  EVENT_TYPES,
  exposeOnRuntimeMetrics,
  type BidReplyEvent,
  InvalidFieldError,
} from '@helios/core';
import { openBidder, type Bidder } from './bidder.ts';
import { config } from './config.ts';

exposeOnRuntimeMetrics();

let bidder: Bidder | undefined;
const HANDLED_TYPES = `${EVENT_TYPES.bidRequest}, ${EVENT_TYPES.auctionOutcome}`;

/** faas-js-runtime lifecycle: connections open before the server listens. */
export async function init(): Promise<void> {
  bidder ??= await openBidder(config);
}

export async function shutdown(): Promise<void> {
  await bidder?.close();
  bidder = undefined;
}

/** Ready once the campaigns are loaded; 503 until then, so Knative routes no bid requests here. */
export async function readiness(_request: Http2ServerRequest, reply: Http2ServerResponse): Promise<string> {
  const ready = bidder?.ready() ?? false;
  // the runtime hands a Fastify reply, whose statusCode setter sets the status of the returned body
  reply.statusCode = ready ? 200 : 503;
  return ready ? 'OK' : 'campaigns not loaded';
}

/**
 * The RequestReply's attributes (eventing/bid-requests.yaml): a synchronous request carries `correlationid`,
 * and its reply must carry the same value in `replyid`.
 */
const CORRELATION_ATTRIBUTE = 'correlationid';
const REPLY_ATTRIBUTE = 'replyid';

/**
 * Bid requests (from the bid-requests Broker's Trigger) are answered by a bid response POSTed to K_SINK,
 * for the auction; one that carries a correlationid (a synchronous request, through the RequestReply) is
 * also answered with a `dev.helios.bid.reply` reply event, which the Trigger puts back into the Broker.
 * Won auction outcomes update campaign spend. Otherwise success is 204, with no reply event.
 */
export async function handle(context: Context, _event?: CloudEvent<unknown>) {
  try {
    if (!bidder) throw new DependencyUnavailableError('bidder (init has not run)');
    // The runtime passes a plain body in place of the event when the request is not a CloudEvent.
    const cloudEvent = context.cloudevent as CloudEvent<unknown> | undefined;
    if (!cloudEvent) throw new InvalidFieldError('request', 'must be a CloudEvent (binary or structured content mode)');
    if (cloudEvent.type === EVENT_TYPES.bidRequest) {
      const response = await bidder.answer(cloudEvent);
      const correlation = cloudEvent[CORRELATION_ATTRIBUTE];
      if (typeof correlation !== 'string' || !response.data) return undefined;
      return new CloudEvent<BidReplyEvent>({
        type: EVENT_TYPES.bidReply,
        source: EVENT_SOURCES.bidder,
        id: `reply:${response.data.response.id}`,
        datacontenttype: 'application/json',
        partitionkey: response.data.response.id,
        traceparent: response['traceparent'] as string,
        [REPLY_ATTRIBUTE]: correlation,
        data: { response: response.data.response, submitted: response.data.submitted },
      });
    } else if (cloudEvent.type === EVENT_TYPES.auctionOutcome) await bidder.recordOutcome(cloudEvent);
    else throw new InvalidFieldError('type', `must be one of ${HANDLED_TYPES} (got "${cloudEvent.type}")`);
    return undefined;
  } catch (error) {
    return errorResponse(error);
  }
}
