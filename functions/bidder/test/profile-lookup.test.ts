import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, metricsRegistry } from '@helios/core';
import { createProfileClient } from '@helios/core/profile';
import { freePort } from '../../../test/helpers/free-port.ts';
import { settleRealIo, untilReal } from '../../../test/helpers/until-real.ts';
import { startProfileServer, type ProfileServer } from '../../profile/src/server.ts';
import { createProfileLookup } from '../src/profile-lookup.ts';
import { startSlowProfileServer } from './slow-profile-server.ts';

const logger = createLogger({ service: 'bidder-test', level: 'silent' });

describe('profile lookup through the circuit breaker', () => {
  let server: ProfileServer;

  beforeAll(async () => {
    server = await startProfileServer({ port: 0, metricsPort: 0, host: '127.0.0.1', logger });
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

  it('answers "no profile" when the profile server is stopped, then opens the breaker', async () => {
    const client = createProfileClient({ address: `127.0.0.1:${await freePort()}` });
    const lookup = createProfileLookup({ client, timeoutMs: 200, resetMs: 60_000, logger });
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await lookup.lookup('known', { deadlineMs: 200 }));
    expect(results.every((result) => result.profile === undefined)).toBe(true);
    expect(results.slice(0, 5).map((result) => result.result)).not.toContain('open');
    expect(results.at(-1)!.result).toBe('open');
    expect(await metricsRegistry.getSingleMetricAsString('helios_profile_breaker_state')).toMatch(
      /helios_profile_breaker_state 2/,
    );
    lookup.shutdown();
    client.close();
  });

  it('gives up on a profile server that never answers when the timeout is spent, not before, and cancels the call', async () => {
    const slow = await startSlowProfileServer();
    const client = createProfileClient({ address: slow.address });
    await client.waitForReady(2_000);
    const lookup = createProfileLookup({ client, timeoutMs: 25, resetMs: 60_000, logger });
    // The breaker's timeout and the call's deadline are our timing logic: run them on a fake clock, and wait
    // for the call to reach the server, instead of measuring how long the lookup took.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      let found: Awaited<ReturnType<typeof lookup.lookup>> | undefined;
      void lookup.lookup('known', { deadlineMs: 1_000 }).then((result) => (found = result));
      await untilReal(() => slow.calls() === 1);
      // The lookup's timeout, not the caller's longer deadline, went out with the call.
      expect(slow.deadlinesLeftMs()[0]).toBeLessThanOrEqual(25);

      await vi.advanceTimersByTimeAsync(24);
      await settleRealIo();
      expect(found).toBeUndefined();

      await vi.advanceTimersByTimeAsync(1);
      await untilReal(() => found !== undefined);
      expect(found).toEqual({ result: 'timeout' });
      // The server hears that the caller gave up, so it stops working on the call too.
      await untilReal(() => slow.cancelled() === 1);
    } finally {
      await vi.runOnlyPendingTimersAsync();
      vi.useRealTimers();
      lookup.shutdown();
      client.close();
      slow.close();
    }
  });
});
