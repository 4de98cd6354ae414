import { existsSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@helios/core';
import { startRedis, type StartRedisOptions } from '../../src/redis/start-redis.ts';
import { liveProcessesInGroup } from '../../src/supervisor/process-group.ts';

const environment = { PATH: process.env['PATH'] ?? '' };
const redisServerInstalled = environment.PATH.split(path.delimiter).some(
  (dir) => dir !== '' && existsSync(path.join(dir, 'redis-server')),
);
const base: StartRedisOptions = {
  url: undefined,
  environment,
  logger: createLogger({ service: 'test', level: 'silent' }),
  output: null,
  readyTimeoutMs: 30_000,
};

async function roundTrip(url: string): Promise<string | null> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.set('start-redis-test', 'kept');
    return await client.get('start-redis-test');
  } finally {
    client.disconnect();
  }
}

describe('startRedis: the cluster’s one Redis', () => {
  it('uses REDIS_URL as it is, starting nothing', async () => {
    const redis = await startRedis({ ...base, url: 'redis://cache.example:6379' });
    expect(redis).toMatchObject({ kind: 'external', url: 'redis://cache.example:6379' });
    expect(redis.processGroups()).toEqual([]);
  });

  it.skipIf(!redisServerInstalled)(
    'runs redis-server from PATH on a loopback port, and stops it on close',
    async () => {
      const redis = await startRedis(base);
      expect(redis.kind).toBe('redis-server');
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(await roundTrip(redis.url)).toBe('kept');
      const groups = redis.processGroups();
      expect(groups.length).toBeGreaterThan(0);
      await redis.close();
      expect(groups.flatMap(liveProcessesInGroup)).toEqual([]);
    },
  );

  it('serves the in-process RESP server where no redis-server is on PATH', async () => {
    const redis = await startRedis({ ...base, searchPath: '/nonexistent' });
    try {
      expect(redis.kind).toBe('in-process');
      expect(await roundTrip(redis.url)).toBe('kept');
    } finally {
      await redis.close();
    }
  });
});
