import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '@helios/core';
import { openRedis, type Redis } from '@helios/core/redis';
import { freePort } from '../../../test/helpers/free-port.ts';
import { startMemoryRedis } from '../../../test/helpers/memory-redis.ts';
import { serviceAvailable, TEST_REDIS_URL } from '../../../test/helpers/services.ts';
import { createSpendStore } from '../src/spend-store.ts';

const redisAvailable = await serviceAvailable('Redis', TEST_REDIS_URL);

describe.each([
  { name: 'the in-process RESP server', url: undefined, skip: false },
  { name: 'real Redis', url: TEST_REDIS_URL, skip: !redisAvailable },
])('spend store over $name', ({ url, skip }) => {
  const keyPrefix = `test:${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  let memory: Awaited<ReturnType<typeof startMemoryRedis>> | undefined;

  beforeAll(async () => {
    if (skip) return;
    memory = url ? undefined : await startMemoryRedis();
    redis = await openRedis({ url: url ?? memory!.url });
  });
  afterAll(async () => {
    if (skip) return;
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await memory?.close();
  });

  it.skipIf(skip)('adds the same win event once, however often it is delivered', async () => {
    const store = createSpendStore({ redis, keyPrefix });
    const win = { eventKey: '/helios/auction:outcome:r1:1', campaignId: 'c1', day: '2026-11-21', amount: 0.0025 };
    expect(await store.addSpend(win)).toBe(true);
    expect(await store.addSpend(win)).toBe(false);
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => store.addSpend({ ...win, eventKey: '/helios/auction:outcome:r2:1' })),
    );
    expect(concurrent.filter(Boolean)).toHaveLength(1);
    const spent = await store.spentOn(['c1', 'c2'], '2026-11-21');
    expect(spent.get('c1')).toBeCloseTo(0.005, 10);
    expect(spent.get('c2')).toBe(0);
  });

  it.skipIf(skip)('keeps each day apart', async () => {
    const store = createSpendStore({ redis, keyPrefix });
    await store.addSpend({ eventKey: 'e:day1', campaignId: 'c3', day: '2026-11-21', amount: 1 });
    await store.addSpend({ eventKey: 'e:day2', campaignId: 'c3', day: '2026-11-22', amount: 2 });
    expect((await store.spentOn(['c3'], '2026-11-22')).get('c3')).toBe(2);
  });

  it.skipIf(skip)('is one spend for two bidder instances, each with its own connection', async () => {
    const other = await openRedis({ url: url ?? memory!.url });
    try {
      const [first, second] = [createSpendStore({ redis, keyPrefix }), createSpendStore({ redis: other, keyPrefix })];
      const win = { eventKey: '/helios/auction:outcome:r9:1', campaignId: 'c4', day: '2026-11-21', amount: 0.5 };
      const added = await Promise.all([first.addSpend(win), second.addSpend(win)]);
      expect(added.filter(Boolean)).toHaveLength(1);
      await second.addSpend({ ...win, eventKey: '/helios/auction:outcome:r10:1' });
      expect((await first.spentOn(['c4'], '2026-11-21')).get('c4')).toBe(1);
    } finally {
      other.disconnect();
    }
  });
});

describe('spend store when Redis is down', () => {
  it('fails with DependencyUnavailableError (503), so the event is redelivered', async () => {
    const redis = await openRedis({ url: `redis://127.0.0.1:${await freePort()}` });
    const store = createSpendStore({ redis });
    await expect(store.spentOn(['c1'], '2026-11-21')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(
      store.addSpend({ eventKey: 'e', campaignId: 'c1', day: '2026-11-21', amount: 1 }),
    ).rejects.toMatchObject({ status: 503 });
    redis.disconnect();
  });
});
