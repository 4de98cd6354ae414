import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, metricsRegistry } from '@helios/core';
import { createProfileClient } from '@helios/core/profile';
import { freePort } from '../../../test/helpers/free-port.ts';
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

  it('gives up on a slow profile server at the timeout', async () => {
    const slow = await startSlowProfileServer(500);
    const client = createProfileClient({ address: slow.address });
    await client.waitForReady(2_000);
    const lookup = createProfileLookup({ client, timeoutMs: 25, resetMs: 60_000, logger });
    const started = performance.now();
    const result = await lookup.lookup('known', { deadlineMs: 1_000 });
    expect(performance.now() - started).toBeLessThan(200);
    expect(result).toEqual({ result: 'timeout' });
    expect(slow.calls()).toBe(1);
    lookup.shutdown();
    client.close();
    slow.close();
  });
});
