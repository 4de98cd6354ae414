import { createAuctionOutcomeEvent, type AuctionOutcome, type Emitter, type TraceContext } from '@helios/core';

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
        outcomes.map((outcome) => emitter.emit(createAuctionOutcomeEvent(outcome, options.trace))),
      );
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
}
