import { CloudEvent } from 'cloudevents';
import {
  childSpan,
  DependencyUnavailableError,
  EVENT_SOURCES,
  EVENT_TYPES,
  formatTraceparent,
  NO_BID_REASON,
  parseTraceparent,
  type BidResponseEvent,
  type Emitter,
  type Logger,
} from '@helios/core';
import type { Profile } from '@helios/core/profile';
import { buildBidResponse } from './bid-response.ts';
import { chooseBids, type ChosenBid } from './bidding.ts';
import type { CampaignStore } from './campaign-store.ts';
import { timeLeftMs } from './deadline.ts';
import { decodeBidRequestEvent } from './decode-events.ts';
import { bidRequestsExpired, bidsTotal } from './metrics.ts';
import { spendDay } from './pacing.ts';
import type { ProfileLookup } from './profile-lookup.ts';
import type { SpendStore } from './spend-store.ts';

export interface BidRequestDependencies {
  profiles: ProfileLookup;
  campaigns: CampaignStore;
  spend: SpendStore;
  /** undefined when K_SINK is not set */
  emitter: Emitter | undefined;
  logger: Logger;
  deadlineMarginMs: number;
  now?: () => Date;
}

/**
 * Answers one `dev.helios.bid.request` event: looks the user up (breaker-guarded) while reading the
 * campaigns and their spend, chooses and prices the bids, and emits `dev.helios.bid.response` to the
 * sink: id `response:<request id>` (the same for a redelivered request), partitionkey the request id,
 * traceparent a child of the request's span. A decision made past the deadline (the event's `deadline`,
 * else receivedAt + tmax, less HELIOS_DEADLINE_MARGIN_MS for the reply's way back) is `submitted: false`:
 * the exchange never saw it, so the auction counts no win; a late no-bid carries nbr 15, Insufficient
 * Auction Time (OpenRTB 3.0 List: No-Bid Reason Codes, which OpenRTB 2.6 §4.2.1 `nbr` refers to).
 * Throws InvalidFieldError (400) for a malformed event, DependencyUnavailableError (503) when the sink,
 * the campaigns or the spend cannot be reached, so the request is redelivered.
 */
export async function answerBidRequest(
  dependencies: BidRequestDependencies,
  event: CloudEvent<unknown>,
): Promise<CloudEvent<BidResponseEvent>> {
  const { profiles, campaigns, spend, emitter, logger } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  const data = decodeBidRequestEvent(event);
  const { request } = data;
  const span = childSpan(parseTraceparent(event['traceparent']));
  const log = logger.child({ requestId: request.id, traceId: span.traceId });
  if (!emitter) throw new DependencyUnavailableError('event sink (K_SINK is not set)');

  // The event's deadline (ingest's: tmax less its margin) when it has one, else tmax from receivedAt.
  const timeLeft = () =>
    data.deadline === undefined
      ? timeLeftMs({ tmax: request.tmax, receivedAt: new Date(data.receivedAt), now: now(), marginMs: dependencies.deadlineMarginMs })
      : Date.parse(data.deadline) - dependencies.deadlineMarginMs - now().getTime();
  // Past the deadline the decision is still made (without the profile: no time to wait for it), so the
  // auction and analytics see what would have been bid; it is marked not submitted.
  const inTimeOnArrival = timeLeft() > 0;
  if (!inTimeOnArrival) bidRequestsExpired.inc({ when: 'on_arrival' });
  const userId = inTimeOnArrival ? request.user?.id : undefined;
  const [lookup, active] = await Promise.all([
    userId
      ? profiles.lookup(userId, { deadlineMs: timeLeft(), traceparent: formatTraceparent(span) })
      : { profile: undefined, result: 'skipped' },
    campaigns.current(),
  ]);
  const profile: Profile | undefined = lookup.profile;
  const spentToday = await spend.spentOn(
    active.map((campaign) => campaign.id),
    spendDay(now()),
  );
  const bids: ChosenBid[] = chooseBids({ request, profile, campaigns: active, spentToday });
  log.debug({ profile: lookup.result, campaigns: active.length }, 'bids chosen');
  const submitted = timeLeft() > 0;
  if (inTimeOnArrival && !submitted) bidRequestsExpired.inc({ when: 'while_bidding' });
  const nbr = bids.length === 0 && !submitted ? NO_BID_REASON.insufficientAuctionTime : undefined;

  const built = buildBidResponse({ request, bids, ...(nbr === undefined ? {} : { nbr }) });
  const enriched = profile !== undefined;
  const response = new CloudEvent<BidResponseEvent>({
    type: EVENT_TYPES.bidResponse,
    source: EVENT_SOURCES.bidder,
    id: `response:${request.id}`,
    datacontenttype: 'application/json',
    partitionkey: request.id,
    traceparent: formatTraceparent(span),
    data: {
      request,
      response: built.response,
      enriched,
      campaigns: built.campaigns,
      respondedAt: now().toISOString(),
      submitted,
    },
  });
  await emitter.emit(response);
  const result = !submitted ? 'late' : bids.length > 0 ? 'bid' : 'nobid';
  bidsTotal.inc({ result, enriched: String(enriched) });
  log.debug({ result, enriched, bids: bids.length, nbr, price: bids[0]?.price }, 'bid request answered');
  return response;
}
