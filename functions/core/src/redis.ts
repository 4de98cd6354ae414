import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

export interface RedisOptions {
  /** REDIS_URL: the one Redis shared by every instance of every function. */
  url: string;
  /** how long a connection attempt may take; default 1000 ms */
  connectTimeoutMs?: number;
}

/**
 * Why a function refuses to start without REDIS_URL: profiles and spend must live in one store that
 * every process shares. A store per process would start empty after each restart and count each
 * instance's spend apart, so there is no in-memory fallback here; the local cluster provides the Redis.
 */
export const REDIS_URL_REQUIRED =
  'the Redis that holds profiles and campaign spend, shared by every instance (`npm start` runs one and sets it)';

/**
 * A Redis client for `url`.
 *
 * Commands fail at once while the connection is down (no offline queue, one try per command): the
 * callers are on the bid path and answer without Redis (UNAVAILABLE, 503) rather than wait. The client
 * keeps reconnecting in the background, backing off up to 2 s; a first connection that fails does not
 * throw: watch `status` or the `ready`/`close` events.
 */
export async function openRedis(options: RedisOptions): Promise<Redis> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  // ioredis emits an error per failed attempt; without a listener Node would crash on the first one.
  redis.on('error', () => {});
  await redis.connect().catch(() => {});
  return redis;
}

/** True when commands can be sent now. */
export function isRedisReady(redis: Redis): boolean {
  return redis.status === 'ready';
}
