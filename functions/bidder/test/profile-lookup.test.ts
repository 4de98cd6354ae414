import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, metricsRegistry } from '@helios/core';
import { createProfileClient } from '@helios/core/profile';
import { freePort } from '../../../test/helpers/free-port.ts';
import { startMemoryRedis } from '../../../test/helpers/memory-redis.ts';
import { startProfileServer, type ProfileServer } from '../../profile/src/server.ts';
import { createProfileLookup, type LookupResult } from '../src/profile-lookup.ts';
import { startSlowProfileServer } from './slow-profile-server.ts';

const logger = createLogger({ service: 'bidder-test', level: 'silent' });

const memory = await startMemoryRedis();
afterAll(() => memory.close());

const startProfile = (port = 0) =>
  startProfileServer({ port, metricsPort: 0, host: '127.0.0.1', redisUrl: memory.url, logger });

/** Looks up until `done` holds for a result, at most `attempts` times; returns every result seen. */
async function lookUntil(
  lookup: ReturnType<typeof createProfileLookup>,
  done: (result: LookupResult) => boolean,
  { attempts = 2_000, pauseMs = 10 } = {},
): Promise<LookupResult[]> {
  const seen: LookupResult[] = [];
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const { result } = await lookup.lookup('known', { deadlineMs: 1_000 });
    seen.push(result);
    if (done(result)) return seen;
    await setTimeout(pauseMs);
  }
  throw new Error(`no such result after ${attempts} lookups: ${seen.slice(-5).join(', ')}`);
}

describe('profile lookup through the circuit breaker', () => {
  let server: ProfileServer;

  beforeAll(async () => {
    server = await startProfile();
    const seed = createProfileClient({ address: `127.0.0.1:${server.port}`, deadlineMs: 2_000 });
    await seed.upsertProfile({ userId: 'known', interests: [{ category: 'IAB17', score: 0.7 }] });
    seed.close();
  });
  afterAll(() => server.close());

  it('finds a known user, and answers "no profile" for an unknown one without counting a failure', async () => {
    const client = createProfileClient({ address: `127.0.0.1:${server.port}` });
    const lookup = createProfileLookup({ client, timeoutMs: 1_000, resetMs: 5_000, logger });
    const found = await lookup.lookup('known', { deadlineMs: 1_000 });
    expect(found.result).toBe('found');
    expect(found.profile?.interests).toEqual([{ category: 'IAB17', score: 0.7 }]);
    for (let i = 0; i < 10; i++)
      expect(await lookup.lookup('unknown', { deadlineMs: 1_000 })).toEqual({ result: 'not_found' });
    expect((await lookup.lookup('known', { deadlineMs: 1_000 })).result).toBe('found');
    lookup.shutdown();
    client.close();
  });

  it('answers "no profile" when nothing serves profiles, then opens the breaker', async () => {
    const client = createProfileClient({ address: `127.0.0.1:${await freePort()}` });
    const lookup = createProfileLookup({ client, timeoutMs: 50, resetMs: 60_000, logger });
    const results = await lookUntil(lookup, (result) => result === 'open', { attempts: 200, pauseMs: 0 });
    // Not on the first failures: the breaker waits for a volume of lookups before it judges.
    expect(results.indexOf('open')).toBeGreaterThanOrEqual(20);
    expect(results.every((result) => result !== 'found')).toBe(true);
    expect(await metricsRegistry.getSingleMetricAsString('helios_profile_breaker_state')).toMatch(
      /helios_profile_breaker_state 2/,
    );
    lookup.shutdown();
    client.close();
  });

  it('finds a profile with the very first lookup of a new client (the channel connects at creation)', async () => {
    const client = createProfileClient({ address: `127.0.0.1:${server.port}` });
    // The bidder's default timeout: no extra time for the first call.
    const lookup = createProfileLookup({ client, timeoutMs: 100, resetMs: 5_000, logger });
    expect((await lookup.lookup('known', { deadlineMs: 500 })).result).toBe('found');
    lookup.shutdown();
    client.close();
  });

  it('gives up on a slow profile server at the timeout', async () => {
    // It never answers: an answer at all means the lookup did not wait for it.
    const slow = await startSlowProfileServer();
    const client = createProfileClient({ address: slow.address });
    await client.waitForReady(2_000);
    const lookup = createProfileLookup({ client, timeoutMs: 25, resetMs: 60_000, logger });
    const result = await lookup.lookup('known', { deadlineMs: 1_000 });
    expect(result).toEqual({ result: 'timeout' });
    expect(slow.calls()).toBe(1);
    lookup.shutdown();
    client.close();
    slow.close();
  });

  it('does not count a timeout against profile when its bid had less than the full timeout left', async () => {
    const slow = await startSlowProfileServer();
    const client = createProfileClient({ address: slow.address });
    await client.waitForReady(2_000);
    const lookup = createProfileLookup({ client, timeoutMs: 200, resetMs: 60_000, logger });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => lookup.lookup('known', { deadlineMs: 20 }).then(({ result }) => result)),
    );
    expect(results).toEqual(Array.from({ length: 40 }, () => 'timeout'));
    expect(await metricsRegistry.getSingleMetricAsString('helios_profile_breaker_state')).toMatch(
      /helios_profile_breaker_state 0/,
    );
    lookup.shutdown();
    client.close();
    slow.close();
  });
});

describe('the profile breaker when profile stops and comes back', () => {
  it('opens while profile is gone, then half-opens, closes, and finds profiles again', async () => {
    let server = await startProfile();
    const port = server.port;
    const seed = createProfileClient({ address: `127.0.0.1:${port}`, deadlineMs: 2_000 });
    await seed.upsertProfile({ userId: 'known', interests: [{ category: 'IAB17', score: 0.7 }] });
    seed.close();
    const client = createProfileClient({ address: `127.0.0.1:${port}` });
    // Generous: this is about healing, not speed, and CI machines are shared.
    const lookup = createProfileLookup({ client, timeoutMs: 1_000, resetMs: 300, logger });
    try {
      expect((await lookup.lookup('known', { deadlineMs: 1_000 })).result).toBe('found');

      await server.close();
      await lookUntil(lookup, (result) => result === 'open', { pauseMs: 0 });
      expect(lookup.state()).toBe('open');

      // The same port, the same shared Redis: what a supervisor's restart of profile looks like.
      server = await startProfile(port);
      // Open -> half-open (after resetMs) -> a trial lookup that finds the profile -> closed.
      await lookUntil(lookup, (result) => result === 'found');
      expect(lookup.state()).toBe('closed');
      // Closed for good: every lookup from now on finds the profile.
      const after: LookupResult[] = [];
      for (let index = 0; index < 20; index += 1)
        after.push((await lookup.lookup('known', { deadlineMs: 1_000 })).result);
      expect(after).toEqual(Array.from({ length: 20 }, () => 'found'));
    } finally {
      lookup.shutdown();
      client.close();
      await server.close();
    }
  });
});
