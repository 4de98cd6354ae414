import { CloudEvent } from 'cloudevents';
import {
  EVENT_SOURCES,
  EVENT_TYPES,
  formatTraceparent,
  type BidRequest,
  type BidRequestEvent,
  type RequestFormat,
  type TraceContext,
} from '@helios/core';

export interface BidRequestEventOptions {
  request: BidRequest;
  format: RequestFormat;
  receivedAt: Date;
  /** when the answer stops counting; absent for an asynchronous request without tmax */
  deadline?: Date;
  /** the span of this hop, a child of the caller's when it sent one */
  trace: TraceContext;
}

/**
 * The `dev.helios.bid.request` CloudEvent for one accepted request. Its id is the request id, so an
 * exchange that retries a request produces the same event and idempotent consumers absorb it; the
 * request id is also the `partitionkey` (the Kafka record key: one request, one partition), and
 * `traceparent` carries the trace on. Throws the SDK's ValidationError only if the request has no id,
 * which validation has ruled out.
 */
export function createBidRequestEvent(options: BidRequestEventOptions): CloudEvent<BidRequestEvent> {
  const { request, format, receivedAt, trace, deadline } = options;
  const data: BidRequestEvent = { request, format, receivedAt: receivedAt.toISOString() };
  if (deadline) data.deadline = deadline.toISOString();
  return new CloudEvent<BidRequestEvent>({
    specversion: '1.0',
    id: request.id,
    source: EVENT_SOURCES.ingest,
    type: EVENT_TYPES.bidRequest,
    time: receivedAt.toISOString(),
    datacontenttype: 'application/json',
    data,
    partitionkey: request.id,
    traceparent: formatTraceparent(trace),
  });
}
