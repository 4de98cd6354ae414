import type { CloudEvent } from 'cloudevents';
import type { Context, StructuredReturn } from 'faas-js-runtime';
import {
  childSpan,
  createLogger,
  createSinkEmitter,
  errorResponse,
  exposeOnRuntimeMetrics,
  parseTraceparent,
  type AuctionOutcome,
} from '@helios/core';
import { runAuction } from './auction.ts';
import { auctionDuration, auctionsTotal } from './auction-metrics.ts';
import { config } from './config.ts';
import { createOutcomeSink } from './outcome-sink.ts';
import { validateBidResponseEvent } from './validate-bid-response-event.ts';

exposeOnRuntimeMetrics();
const logger = createLogger({ service: 'auction', level: config.logLevel });
const sink = createOutcomeSink(createSinkEmitter({ sink: config.sink, overrides: config.ceOverrides }));

/**
 * Auctions one `dev.helios.bid.response` and emits a `dev.helios.auction.outcome` per imp to K_SINK.
 * Answers 204 once every outcome is accepted, 400 JSON naming the bad field of a malformed event (not
 * redelivered), 503 when K_SINK fails (redelivered; the outcomes' ids make the replay harmless).
 */
export async function handle(_context: Context, event?: CloudEvent<unknown>): Promise<StructuredReturn | undefined> {
  const stopTimer = auctionDuration.startTimer();
  const span = childSpan(parseTraceparent(event?.['traceparent']));
  let log = logger.child({ eventId: event?.id, traceId: span.traceId });
  try {
    const data = validateBidResponseEvent(event);
    log = log.child({ requestId: data.request.id });
    const { competitors, incrementCpm, referenceCpm } = config;
    const outcomes = runAuction({ event: data, competitors, incrementCpm, referenceCpm, decidedAt: new Date() });
    await sink.publish(outcomes, { trace: span });
    for (const outcome of outcomes) auctionsTotal.inc({ status: outcome.status });
    log.debug({ outcomes: outcomes.map(summary) }, 'auctioned');
    return undefined;
  } catch (error) {
    const response = errorResponse(error);
    auctionsTotal.inc({ status: response.statusCode < 500 ? 'invalid' : 'failed' });
    log[response.statusCode < 500 ? 'warn' : 'error']({ err: error }, 'bid response not auctioned');
    return response;
  } finally {
    stopTimer();
  }
}

function summary({ impId, status, winPrice, lossReason }: AuctionOutcome) {
  return { impId, status, winPrice, lossReason };
}
