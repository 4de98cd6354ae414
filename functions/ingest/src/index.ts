import type { IncomingHttpHeaders } from 'node:http';
import * as core from '@helios/core';
import { createBidRequestEvent } from './bid-request-event.ts';
import { config } from './config.ts';
import { decodeBidRequest, decodeBidRequestBatch, detectWireFormat, type DecodedBidRequest } from './decode-bid-request.ts';
import type { IngestAnswer } from './ingest-answer.ts';
import { acceptedResponse, failedResponse } from './ingest-response.ts';
import { recordIngest, recordSyncAnswer, type FormatLabel } from './ingest-metrics.ts';
import { checkOpenRtbVersion } from './openrtb-version.ts';
import { syncAnswer, wantsNoBidBody } from './sync-answer.ts';
import { waitForReply } from './wait-for-reply.ts';

/** One HTTP request as ingest reads it: the headers as sent and the whole body. */
export interface HttpMessage {
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

const logger = core.createLogger({ service: 'ingest', level: config.logLevel });
const emitter = core.createSinkEmitter({ sink: config.sink, overrides: config.ceOverrides, timeoutMs: config.sinkTimeoutMs });
const requester = config.requestReplyUrl ? core.createEventRequester({ url: config.requestReplyUrl }) : undefined;
const defaults = { floorCpm: config.defaultFloorCpm, tmaxMs: config.defaultTmaxMs };

/**
 * POST /bid, asynchronous: decodes each bid request (OpenRTB 2.6, Helios JSON, or either as a CloudEvent,
 * one or a batch), emits it as `dev.helios.bid.request` to K_SINK and answers 202 once the sink has it.
 * Never throws: see answerEach for batches, failedResponse for errors.
 */
export function acceptBid(message: HttpMessage): Promise<IngestAnswer> {
  return answerEach(message, async (decoded, started) => {
    const receivedAt = new Date();
    const trace = traceOf(message.headers, decoded);
    const tmax = decoded.request.tmax;
    const deadline = tmax === undefined ? undefined : new Date(receivedAt.getTime() + tmax - config.syncMarginMs);
    await emitter.emit(createBidRequestEvent({ ...decoded, trace, receivedAt, ...(deadline ? { deadline } : {}) }));
    recordIngest({ format: decoded.format, outcome: 'accepted', seconds: (performance.now() - started) / 1000 });
    return acceptedResponse(decoded.request.id, core.formatTraceparent(trace));
  }, 202);
}

/**
 * POST /openrtb2/bid, synchronous: decodes the BidRequest as acceptBid does (honouring x-openrtb-version),
 * sends it to the RequestReply (into the bid-requests Broker, to the bidder) and answers with the bidder's
 * reply before the deadline, receivedAt + (tmax, else HELIOS_DEFAULT_TMAX_MS) − HELIOS_SYNC_MARGIN_MS: 200
 * with the BidResponse, or a no-bid (204, or `{id, nbr}` with `Prefer: return=representation`). When the
 * deadline comes first it answers no-bid and counts it; the request still flows, and the bidder's late
 * decision is stored as not submitted. Never throws.
 */
export function answerBid(message: HttpMessage): Promise<IngestAnswer> {
  try {
    checkOpenRtbVersion(message.headers['x-openrtb-version']);
    if (!requester) throw new core.DependencyUnavailableError('request-reply (HELIOS_REQUEST_REPLY_URL is not set)');
  } catch (error) {
    return Promise.resolve(refused(error, 'unknown', performance.now()));
  }
  const noBidBody = wantsNoBidBody(message.headers['prefer']);
  return answerEach(message, async (decoded, started) => {
    const receivedAt = new Date();
    const tmax = decoded.request.tmax ?? config.defaultTmaxMs;
    const deadline = new Date(receivedAt.getTime() + tmax - config.syncMarginMs);
    const trace = traceOf(message.headers, decoded);
    const event = createBidRequestEvent({ ...decoded, trace, receivedAt, deadline });
    const reply = await waitForReply({ requester, event, deadline, timeoutMs: tmax + config.sinkTimeoutMs, logger });
    recordIngest({ format: decoded.format, outcome: 'accepted', seconds: (performance.now() - started) / 1000 });
    const { answer, result } = syncAnswer({
      request: decoded.request,
      reply,
      noBidBody,
      traceparent: core.formatTraceparent(trace),
    });
    recordSyncAnswer(result);
    return answer;
  }, 200);
}

/**
 * Runs `handle` for the one request of a plain or single-CloudEvent body, or for each event of a batch
 * (`application/cloudevents-batch+json`), each answered on its own. A batch answers 202 (200 on the
 * synchronous endpoint) only when every event succeeded; otherwise 503 when any event failed on our side
 * (the batch may be resent whole: stored events are absorbed as duplicates by source+id), else 400; the
 * body lists every event's `{ index, id, status, body }` either way.
 */
async function answerEach(
  message: HttpMessage,
  handle: (decoded: DecodedBidRequest, started: number) => Promise<IngestAnswer>,
  successStatus: 200 | 202,
): Promise<IngestAnswer> {
  const started = performance.now();
  const run = async (decoded: DecodedBidRequest | core.HeliosError): Promise<IngestAnswer> => {
    if (decoded instanceof core.HeliosError) return refused(decoded, 'cloudevent', started);
    try {
      return await handle(decoded, started);
    } catch (error) {
      return refused(error, decoded.format, started, decoded.request.id);
    }
  };
  let batch: (DecodedBidRequest | core.HeliosError)[];
  try {
    if (detectWireFormat(message.headers) !== 'cloudevent-batch') return await run(decodeBidRequest(message, defaults));
    batch = decodeBidRequestBatch(message.body, defaults);
  } catch (error) {
    return refused(error, 'unknown', started);
  }
  const answers = await Promise.all(batch.map(run));
  const results = answers.map((answer, index) => {
    const entry = batch[index];
    return { index, id: entry instanceof core.HeliosError ? null : entry?.request.id, status: answer.statusCode, body: answer.body ?? null };
  });
  const worst = Math.max(...answers.map((answer) => (answer.statusCode >= 500 ? 2 : answer.statusCode >= 400 ? 1 : 0)), 0);
  const statusCode = worst === 2 ? 503 : worst === 1 ? 400 : successStatus;
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { results } };
}

function traceOf(headers: IncomingHttpHeaders, decoded: DecodedBidRequest): core.TraceContext {
  const header = headers['traceparent'];
  const parent = core.parseTraceparent(Array.isArray(header) ? header[0] : header) ?? core.parseTraceparent(decoded.traceparent);
  return core.childSpan(parent);
}

function refused(error: unknown, format: FormatLabel, started: number, requestId?: string): IngestAnswer {
  const response = failedResponse(error);
  const outcome = response.statusCode >= 500 ? 'failed' : 'rejected';
  const code = error instanceof core.HeliosError ? error.code : 'internal';
  recordIngest({ format, outcome, code, seconds: (performance.now() - started) / 1000 });
  if (outcome === 'failed') logger.error({ err: error, code, requestId }, 'bid request failed');
  else if (logger.isLevelEnabled('debug')) logger.debug({ code, reason: (error as Error).message, requestId }, 'bid request rejected');
  return response;
}
