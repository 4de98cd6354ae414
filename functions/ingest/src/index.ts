import type { Context, IncomingBody, StructuredReturn } from 'faas-js-runtime';
import * as core from '@helios/core';
import { config } from './config.ts';
import { decodeBidRequest } from './decode-bid-request.ts';
import { acceptedResponse, failedResponse } from './ingest-response.ts';
import { recordIngest, type FormatLabel } from './ingest-metrics.ts';
import { restoreHeaders } from './preserved-headers.ts';

core.exposeOnRuntimeMetrics();
const logger = core.createLogger({ service: 'ingest', level: config.logLevel });
const emitter = core.createSinkEmitter({
  sink: config.sink,
  overrides: config.ceOverrides,
  timeoutMs: config.sinkTimeoutMs,
});
const defaults = { floorCpm: config.defaultFloorCpm, tmaxMs: config.defaultTmaxMs };

/**
 * POST /bid, behind server.ts: decodes one bid request (OpenRTB 2.6, Helios JSON, or either as a
 * CloudEvent), emits it as `dev.helios.bid.request` to K_SINK and answers 202 once the sink has it.
 * Never throws: a bad request answers 400/415 naming field and rule, a failing sink 503 with Retry-After.
 */
export async function handle(context: Context, body?: IncomingBody): Promise<StructuredReturn> {
  const started = performance.now();
  const headers = restoreHeaders(context.headers);
  let format: FormatLabel = 'unknown';
  let log = logger;
  try {
    const decoded = decodeBidRequest({ headers, body: toBytes(body) }, defaults);
    format = decoded.format;
    const parent = core.parseTraceparent(headers['traceparent']) ?? core.parseTraceparent(decoded.traceparent);
    const trace = core.childSpan(parent);
    log = logger.child({ requestId: decoded.request.id, traceId: trace.traceId, format });
    await emitter.emit(core.createBidRequestEvent({ ...decoded, trace, receivedAt: new Date() }));
    recordIngest({ format, outcome: 'accepted', seconds: (performance.now() - started) / 1000 });
    log.info({ imps: decoded.request.imp.length }, 'bid request accepted');
    return acceptedResponse(decoded.request.id, core.formatTraceparent(trace));
  } catch (error) {
    const response = failedResponse(error);
    const outcome = (response.statusCode ?? 500) >= 500 ? 'failed' : 'rejected';
    const code = error instanceof core.HeliosError ? error.code : 'internal';
    recordIngest({ format, outcome, code, seconds: (performance.now() - started) / 1000 });
    if (outcome === 'failed') log.error({ err: error, code }, 'bid request failed');
    else log.info({ code, reason: (error as Error).message }, 'bid request rejected');
    return response;
  }
}

function toBytes(body: IncomingBody | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array();
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  // Only reached without server.ts in front, when the runtime parsed the JSON itself.
  return Buffer.from(JSON.stringify(body));
}
