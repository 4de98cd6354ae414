import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

export interface RedisOptions {
  /** REDIS_URL; absent means an in-memory Redis (ioredis-mock), for local runs and unit tests */
  url?: string;
  /** how long a connection attempt may take; default 1000 ms */
  connectTimeoutMs?: number;
}

/**
 * A connected Redis client: the real one when a URL is given, else ioredis-mock, which speaks the same
 * API (Lua scripts included), so a store's code is the same on both.
 *
 * Commands fail at once while the connection is down (no offline queue, one try per command): the
 * callers are on the bid path and answer without Redis (UNAVAILABLE, 503) rather than wait. The client
 * keeps reconnecting in the background, backing off up to 2 s; a first connection that fails does not
 * throw: watch `status` or the `ready`/`close` events.
 */
export async function openRedis(options: RedisOptions = {}): Promise<Redis> {
  if (!options.url) {
    // Loaded only when asked for, so a deployment with REDIS_URL never loads the mock.
    const { default: RedisMock } = await import('ioredis-mock');
    return new RedisMock() as unknown as Redis;
  }
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

/** True when commands can be sent now (ioredis-mock is always ready). */
export function isRedisReady(redis: Redis): boolean {
  return redis.status === 'ready' || redis.status === undefined;
}
