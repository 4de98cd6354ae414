import type { CloudEvent } from 'cloudevents';
import { parseTraceparent, type Logger } from '@helios/core';
import { decodeWinOutcome } from './decode-events.ts';
import { spendEventsTotal } from './metrics.ts';
import { impressionCost, spendDay } from './pacing.ts';
import type { SpendStore } from './spend-store.ts';

/**
 * Applies one `dev.helios.auction.outcome` event to campaign spend. Only wins spend (the Trigger
 * filters on the `outcome` extension; anything else is acknowledged and ignored). A win adds the cost of
 * its impression, winPrice / 1000, to the campaign's spend on the UTC day the auction was decided, once
 * per event (source + id), however often it is redelivered.
 * Resolves to what happened. Throws InvalidFieldError (400) for a malformed win,
 * DependencyUnavailableError (503) when Redis is down, so the win is redelivered, not lost.
 */
export async function recordWin(
  dependencies: { spend: SpendStore; logger: Logger },
  event: CloudEvent<unknown>,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  const log = dependencies.logger.child({
    eventId: event.id,
    traceId: parseTraceparent(event['traceparent'])?.traceId,
  });
  if (event['outcome'] !== 'win') {
    spendEventsTotal.inc({ result: 'ignored' });
    log.debug({ outcome: event['outcome'] }, 'outcome is not a win: no spend');
    return 'ignored';
  }
  const outcome = decodeWinOutcome(event);
  const amount = impressionCost(outcome.winPrice);
  const added = await dependencies.spend.addSpend({
    eventKey: `${event.source}:${event.id}`,
    campaignId: outcome.campaignId,
    day: spendDay(new Date(outcome.decidedAt)),
    amount,
  });
  const result = added ? 'applied' : 'duplicate';
  spendEventsTotal.inc({ result });
  log.debug({ requestId: outcome.requestId, campaignId: outcome.campaignId, amount, result }, 'win recorded');
  return result;
}
