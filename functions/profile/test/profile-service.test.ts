import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@helios/core';
import { createProfileClient, GrpcStatus, type ProfileClient } from '@helios/core/profile';
import { openRedis } from '@helios/core/redis';
import { startMemoryRedis } from '../../../test/helpers/memory-redis.ts';
import { serviceAvailable, TEST_REDIS_URL } from '../../../test/helpers/services.ts';
import { startProfileServer, type ProfileServer } from '../src/server.ts';
import { checkHealth } from './health-client.ts';

const redisAvailable = await serviceAvailable('Redis', TEST_REDIS_URL);
const logger = createLogger({ service: 'profile-test', level: 'silent' });

const stores = [
  { name: 'the in-process RESP server', redisUrl: undefined, skip: false },
  { name: 'real Redis', redisUrl: TEST_REDIS_URL, skip: !redisAvailable },
];

describe.each(stores)('ProfileService over $name', ({ redisUrl, skip }) => {
  const keyPrefix = `test:${randomBytes(6).toString('hex')}:`;
  let server: ProfileServer;
  let client: ProfileClient;
  let memory: Awaited<ReturnType<typeof startMemoryRedis>> | undefined;

  beforeAll(async () => {
    if (skip) return;
    memory = redisUrl ? undefined : await startMemoryRedis();
    server = await startProfileServer({
      port: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      redisUrl: redisUrl ?? memory!.url,
      redisKeyPrefix: keyPrefix,
      logger,
    });
    client = createProfileClient({ address: `127.0.0.1:${server.port}`, deadlineMs: 2_000 });
  });

  afterAll(async () => {
    if (skip) return;
    client.close();
    await server.close();
    await memory?.close();
    if (redisUrl) {
      const redis = await openRedis({ url: redisUrl });
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it.skipIf(skip)('upserts a profile, stamps updated_at, and reports whether it was created', async () => {
    const before = Date.now();
    const first = await client.upsertProfile({
      userId: 'alice',
      interests: [{ category: 'IAB17', score: 0.8 }],
      demographics: { age_band: '25-34' },
      locale: 'en-GB',
    });
    expect(first.created).toBe(true);
    expect(first.profile).toMatchObject({ userId: 'alice', locale: 'en-GB', demographics: { age_band: '25-34' } });
    // Stamped by this upsert (the server shares this process's clock): not earlier, not later.
    const after = Date.now();
    expect(Date.parse(first.profile.updatedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(first.profile.updatedAt)).toBeLessThanOrEqual(after);

    const second = await client.upsertProfile({ userId: 'alice', interests: [{ category: 'IAB19', score: 0.3 }] });
    expect(second.created).toBe(false);
    expect(second.profile.interests).toEqual([{ category: 'IAB19', score: 0.3 }]);
    expect(second.profile.demographics).toEqual({});
  });

  it.skipIf(skip)('gets the profile it stored', async () => {
    await client.upsertProfile({ userId: 'bob', interests: [{ category: 'IAB2', score: 0.5 }], locale: 'fr' });
    const profile = await client.getProfile('bob');
    expect(profile).toMatchObject({ userId: 'bob', interests: [{ category: 'IAB2', score: 0.5 }], locale: 'fr' });
  });

  it.skipIf(skip)('batch gets the profiles found and names the ids not found', async () => {
    await client.upsertProfile({ userId: 'carol' });
    await client.upsertProfile({ userId: 'dave' });
    const result = await client.batchGetProfiles(['carol', 'nobody', 'dave', 'carol']);
    expect(result.profiles.map((profile) => profile.userId)).toEqual(['carol', 'dave']);
    expect(result.notFoundIds).toEqual(['nobody']);
  });

  it.skipIf(skip)('answers NOT_FOUND for a user without a profile', async () => {
    await expect(client.getProfile('ghost')).rejects.toMatchObject({
      code: GrpcStatus.NOT_FOUND,
      details: 'profile for user_id "ghost" was not found',
    });
  });

  it.skipIf(skip)('answers INVALID_ARGUMENT naming the field and the rule', async () => {
    await expect(
      client.upsertProfile({
        userId: 'erin',
        interests: [
          { category: 'IAB1', score: 0.1 },
          { category: 'IAB2', score: 2 },
        ],
      }),
    ).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
      details: 'profile.interests[1].score must be in [0, 1]',
    });
    await expect(client.getProfile('')).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
      details: 'user_id must be a non-empty string of at most 256 characters',
    });
    await expect(client.batchGetProfiles([])).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    // nothing was written by the rejected upsert
    await expect(client.getProfile('erin')).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
  });

  it.skipIf(skip)('reports SERVING on the standard health service', async () => {
    expect(await checkHealth(`127.0.0.1:${server.port}`)).toBe('SERVING');
    expect(await checkHealth(`127.0.0.1:${server.port}`, 'helios.profile.v1.ProfileService')).toBe('SERVING');
  });
});
