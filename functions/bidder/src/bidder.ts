import type { CloudEvent } from 'cloudevents';
import { createLogger, createSinkEmitter, type BidResponseEvent } from '@helios/core';
import { createDatabase } from '@helios/core/db';
import { createProfileClient } from '@helios/core/profile';
import { openRedis } from '@helios/core/redis';
import { answerBidRequest } from './answer-bid-request.ts';
import { createCampaignStore } from './campaign-store.ts';
import type { BidderConfig } from './config.ts';
import { createProfileLookup } from './profile-lookup.ts';
import { recordWin } from './record-win.ts';
import { createSpendStore } from './spend-store.ts';

/** The bidder's connections, opened once per instance (faas-js-runtime `init`) and closed in `shutdown`. */
export interface Bidder {
  /** Answers a bid request, emitting the bid response; see answerBidRequest. */
  answer(event: CloudEvent<unknown>): Promise<CloudEvent<BidResponseEvent>>;
  /** Applies an auction outcome to campaign spend; see recordWin. */
  recordOutcome(event: CloudEvent<unknown>): Promise<'applied' | 'duplicate' | 'ignored'>;
  /** true once the campaigns are loaded: the instance can bid */
  ready(): boolean;
  close(): Promise<void>;
}

const PROFILE_CONNECT_WAIT_MS = 2_000;

/**
 * Opens the bidder's dependencies: the campaigns' database pool (first load started), Redis for spend
 * (REDIS_URL, shared by every instance), the profile gRPC channel behind its breaker, and the K_SINK emitter.
 * Never waits on a dependency that is down: each failure shows up per event, as 503 or "no profile".
 */
export async function openBidder(config: BidderConfig): Promise<Bidder> {
  const logger = createLogger({ service: 'bidder', level: config.logLevel });
  const database = createDatabase({ url: config.databaseUrl, maxConnections: 2 });
  // An idle pooled connection that Postgres drops (restart, failover) must not crash the process: the
  // pool replaces it, and the next campaign refresh reports any lasting failure.
  database.$client.on('error', (error) => logger.warn({ err: error }, 'idle database connection lost'));
  const campaigns = createCampaignStore({ database, refreshMs: config.campaignRefreshMs, logger });
  const redis = await openRedis({ url: config.redisUrl });
  const spend = createSpendStore({ redis, keyPrefix: config.redisKeyPrefix });
  const client = createProfileClient({ address: config.profileAddress, deadlineMs: config.profileTimeoutMs });
  const profiles = createProfileLookup({
    client,
    timeoutMs: config.profileTimeoutMs,
    resetMs: config.profileBreakerResetMs,
    logger,
  });
  // Connect the channel now: the first call would otherwise pay the connection set-up, more than the
  // lookup timeout, and the first bids would go out unenriched. Readiness waits for this attempt (bounded),
  // and a profile service that is down only makes the bidder start in "no profile" mode.
  let profileChannelSettled = false;
  void client.waitForReady(PROFILE_CONNECT_WAIT_MS).then(
    () => (profileChannelSettled = true),
    (error: unknown) => {
      profileChannelSettled = true;
      logger.warn({ err: error }, 'profile service not reachable yet: bidding without profiles until it is');
    },
  );
  const emitter = config.sink ? createSinkEmitter({ sink: config.sink, overrides: config.ceOverrides }) : undefined;
  if (!emitter) logger.warn('K_SINK is not set: bid requests will answer 503 until it is');

  return {
    answer: (event) =>
      answerBidRequest(
        { profiles, campaigns, spend, emitter, logger, deadlineMarginMs: config.deadlineMarginMs },
        event,
      ),
    recordOutcome: (event) => recordWin({ spend, logger }, event),
    ready: () => campaigns.loaded && profileChannelSettled,
    async close() {
      campaigns.stop();
      profiles.shutdown();
      client.close();
      redis.disconnect();
      await database.$client.end();
    },
  };
}
