import { CloudEvent } from 'cloudevents';
import {
  EVENT_SOURCES,
  EVENT_TYPES,
  formatTraceparent,
  type AuctionOutcome,
  type Emitter,
  type TraceContext,
} from '@helios/core';

/**
 * The `dev.helios.auction.outcome` CloudEvent of one outcome. Its id, `outcome:<request id>:<imp id>`,
 * is the same on every redelivery of the bid response, so idempotent consumers drop the copies.
 * Extensions: `outcome` (win|loss, which the bidder's Trigger filters on), `partitionkey` (the campaign,
 * so one campaign's outcomes stay in order on one partition; the request id when no campaign bid) and
 * `traceparent` (CloudEvents distributed-tracing extension).
 */
export function outcomeEvent(outcome: AuctionOutcome, trace: TraceContext): CloudEvent<AuctionOutcome> {
  return new CloudEvent<AuctionOutcome>({
    id: `outcome:${outcome.requestId}:${outcome.impId}`,
    source: EVENT_SOURCES.auction,
    type: EVENT_TYPES.auctionOutcome,
    subject: outcome.id,
    time: outcome.decidedAt,
    datacontenttype: 'application/json',
    data: outcome,
    outcome: outcome.status,
    partitionkey: outcome.campaignId ?? outcome.requestId,
    traceparent: formatTraceparent(trace),
  });
}

/** Where the auction's outcomes go. */
export interface OutcomeSink {
  /**
   * Emits one event per outcome, all in the given trace span. Resolves once every one is accepted;
   * otherwise rejects with the first failure (DependencyUnavailableError from the emitter when K_SINK is
   * down), after every send has settled, so the bid response is redelivered and the copies that did get
   * through are dropped downstream by id.
   */
  publish(outcomes: readonly AuctionOutcome[], options: { trace: TraceContext }): Promise<void>;
}

/** An OutcomeSink over an Emitter (core createSinkEmitter, posting to K_SINK). */
export function createOutcomeSink(emitter: Emitter): OutcomeSink {
  return {
    async publish(outcomes, options) {
      const results = await Promise.allSettled(
        outcomes.map((outcome) => emitter.emit(outcomeEvent(outcome, options.trace))),
      );
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
}
