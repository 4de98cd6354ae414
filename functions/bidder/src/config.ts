import { readEnvironment } from '@helios/core';
import { REDIS_URL_REQUIRED } from '@helios/core/redis';

const env = readEnvironment();

/** The bidder's configuration, read once from the environment at load. Throws ConfigError listing every problem. */
export const config = env.done({
  /** where bid responses go (a SinkBinding's K_SINK); absent, bid requests answer 503 */
  sink: env.optionalUrl('K_SINK', ['http:', 'https:']),
  ceOverrides: env.jsonObject('K_CE_OVERRIDES'),
  databaseUrl: env.requiredString('DATABASE_URL'),
  /** the one Redis every instance shares (`npm start` runs one and sets it): there is no per-process fallback */
  redisUrl: env.requiredUrl('REDIS_URL', ['redis:', 'rediss:'], REDIS_URL_REQUIRED),
  redisKeyPrefix: env.string('HELIOS_REDIS_KEY_PREFIX', 'helios:'),
  /** host:port of the profile gRPC service (h2c) */
  profileAddress: env.string('HELIOS_PROFILE_ADDRESS', 'profile.helios.svc.cluster.local:80'),
  /** the most a profile lookup may take (less when its bid has less time left): past it, counted against profile */
  profileTimeoutMs: env.integer('HELIOS_PROFILE_TIMEOUT_MS', 100, { min: 1, max: 10_000 }),
  profileBreakerResetMs: env.integer('HELIOS_PROFILE_BREAKER_RESET_MS', 5_000, { min: 100 }),
  campaignRefreshMs: env.integer('HELIOS_CAMPAIGN_REFRESH_MS', 5_000, { min: 100 }),
  /** kept back from tmax for sending the response to the sink */
  deadlineMarginMs: env.integer('HELIOS_DEADLINE_MARGIN_MS', 5, { min: 0, max: 1_000 }),
  logLevel: env.logLevel('HELIOS_LOG_LEVEL'),
});

export type BidderConfig = typeof config;
