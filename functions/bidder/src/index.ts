import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { CloudEvent } from 'cloudevents';
import type { Context } from 'faas-js-runtime';
import {
  childSpan,
  createBidReplyEvent,
  DependencyUnavailableError,
  errorResponse,
  EVENT_TYPES,
  exposeOnRuntimeMetrics,
  InvalidFieldError,
  parseTraceparent,
  REQUEST_REPLY_ATTRIBUTES,
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
 * Bid requests (from the bid-requests Broker's Trigger) are answered by a bid response POSTed to K_SINK,
 * for the auction; one that carries a correlationid (a synchronous request, through the RequestReply) is
 * also answered with a `dev.helios.bid.reply` reply event (core's createBidReplyEvent: the BidResponse,
 * not the request), which the Trigger puts back into the Broker.
 * Won auction outcomes update campaign spend. Otherwise success is 204, with no reply event.
 */
export async function handle(context: Context, _event?: CloudEvent<unknown>) {
  try {
    if (!bidder) throw new DependencyUnavailableError('bidder (init has not run)');
    // The runtime passes a plain body in place of the event when the request is not a CloudEvent.
    const cloudEvent = context.cloudevent as CloudEvent<unknown> | undefined;
    if (!cloudEvent) throw new InvalidFieldError('request', 'must be a CloudEvent (binary or structured content mode)');
    if (cloudEvent.type === EVENT_TYPES.bidRequest) {
      const answered = await bidder.answer(cloudEvent);
      const correlationId = cloudEvent[REQUEST_REPLY_ATTRIBUTES.correlation];
      if (typeof correlationId !== 'string' || !answered.data) return undefined;
      const { response, submitted } = answered.data;
      // The reply continues the bid response's span.
      const trace = parseTraceparent(answered['traceparent']) ?? childSpan();
      return createBidReplyEvent({ response, submitted, correlationId, trace });
    } else if (cloudEvent.type === EVENT_TYPES.auctionOutcome) await bidder.recordOutcome(cloudEvent);
    else throw new InvalidFieldError('type', `must be one of ${HANDLED_TYPES} (got "${cloudEvent.type}")`);
    return undefined;
  } catch (error) {
    return errorResponse(error);
  }
}
