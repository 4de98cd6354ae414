import type { Redis } from '@helios/core/redis';
import type { Profile } from '@helios/core/profile';

/** Where profiles live. The service depends on this, so its tests can use any implementation. */
export interface ProfileStore {
  get(userId: string): Promise<Profile | undefined>;
  /** the profiles found, in the order asked, and the ids not found */
  getMany(userIds: readonly string[]): Promise<{ profiles: Profile[]; notFoundIds: string[] }>;
  /** writes the whole profile; resolves true when the user had none before */
  put(profile: Profile): Promise<boolean>;
}

/**
 * Profiles in Redis, one JSON string per user under `<keyPrefix>profile:<user id>`: a GET per lookup,
 * one MGET per batch. Works the same over ioredis and ioredis-mock.
 * Every method rejects with the Redis client's error when Redis is down (the client queues nothing).
 */
export function createProfileStore(options: { redis: Redis; keyPrefix?: string }): ProfileStore {
  const { redis } = options;
  const key = (userId: string) => `${options.keyPrefix ?? ''}profile:${userId}`;
  return {
    async get(userId) {
      const value = await redis.get(key(userId));
      return value === null ? undefined : (JSON.parse(value) as Profile);
    },
    async getMany(userIds) {
      const values = userIds.length === 0 ? [] : await redis.mget(userIds.map(key));
      const profiles: Profile[] = [];
      const notFoundIds: string[] = [];
      values.forEach((value, index) => {
        if (value === null) notFoundIds.push(userIds[index]!);
        else profiles.push(JSON.parse(value) as Profile);
      });
      return { profiles, notFoundIds };
    },
    async put(profile) {
      // MULTI makes "did it exist" and the write one atomic step.
      const results = await redis
        .multi()
        .exists(key(profile.userId))
        .set(key(profile.userId), JSON.stringify(profile))
        .exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error('redis transaction was aborted');
      return results[0]![1] === 0;
    },
  };
}
