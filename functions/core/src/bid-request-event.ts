import { CloudEvent } from 'cloudevents';
import { validateBidRequestFields } from './bid-request-fields.ts';
import { eventData } from './event-data.ts';
import { EVENT_SOURCES, EVENT_TYPES, type RequestFormat } from './events.ts';
import { InvalidFieldError } from './errors.ts';
import { isDateTime, RULES } from './field-rules.ts';
import type { BidRequest } from './openrtb.ts';
import { formatTraceparent, type TraceContext } from './trace.ts';

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

export interface BidRequestEventOptions {
  /** a request that passed ingest's validation (validateBidRequestFields among its rules) */
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
 * `traceparent` carries the trace on; `deadline`, when given, goes into the data. Throws the SDK's ValidationError only if the request has no id,
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

const FORMATS: readonly RequestFormat[] = ['openrtb', 'helios', 'cloudevent'];

/**
 * The data of a `dev.helios.bid.request` CloudEvent, checked once at the consumer's edge with the rules
 * ingest applied before it accepted the request (validateBidRequestFields): every request field a later
 * stage reads, `receivedAt`, and `deadline` when present. Fields no stage reads pass through unchecked.
 * Throws InvalidFieldError (400) naming the first bad field (`data.request.at must be …`).
 */
export function readBidRequestEvent(event: unknown): BidRequestEvent {
  const data = eventData(event, EVENT_TYPES.bidRequest);
  const [problem] = validateBidRequestFields(data['request'], 'data.request');
  if (problem) throw new InvalidFieldError(problem.field, problem.rule);
  if (!isDateTime(data['receivedAt'])) throw new InvalidFieldError('data.receivedAt', RULES.dateTime);
  if (data['deadline'] !== undefined && !isDateTime(data['deadline'])) {
    throw new InvalidFieldError('data.deadline', RULES.dateTime);
  }
  if (!FORMATS.includes(data['format'] as RequestFormat)) {
    throw new InvalidFieldError('data.format', `must be one of ${FORMATS.join(', ')}`);
  }
  return data as unknown as BidRequestEvent;
}
