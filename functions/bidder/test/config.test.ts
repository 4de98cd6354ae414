import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigError } from '@helios/core';

describe('bidder config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.resetModules();
  });

  it('applies the defaults', async () => {
    process.env = {
      ...saved,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:1',
    };
    for (const name of Object.keys(process.env))
      if (name.startsWith('HELIOS_') || name === 'K_SINK') delete process.env[name];
    vi.resetModules();
    const { config } = await import('../src/config.ts');
    expect(config).toMatchObject({
      sink: undefined,
      profileAddress: 'profile.helios.svc.cluster.local:80',
      profileTimeoutMs: 100,
      profileBreakerResetMs: 5_000,
      campaignRefreshMs: 5_000,
      deadlineMarginMs: 5,
      redisKeyPrefix: 'helios:',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('throws one ConfigError listing every bad variable', async () => {
    process.env = { ...saved, HELIOS_PROFILE_TIMEOUT_MS: 'soon', K_SINK: 'kafka://nope', REDIS_URL: 'http://x' };
    delete process.env['DATABASE_URL'];
    vi.resetModules();
    const error = await import('../src/config.ts').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    // a fresh module graph has its own ConfigError class: compare by name
    expect((error as Error).name).toBe('ConfigError');
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'HELIOS_PROFILE_TIMEOUT_MS', 'K_SINK', 'REDIS_URL'])
      expect(problems).toContain(name);
  });

  it('refuses to start without REDIS_URL, naming it: spend kept per process would be wrong', async () => {
    process.env = { ...saved, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };
    delete process.env['REDIS_URL'];
    vi.resetModules();
    const error = await import('../src/config.ts').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^REDIS_URL must be set: /)]);
  });
});
