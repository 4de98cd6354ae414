import { afterEach, describe, expect, it, vi } from 'vitest';

/** config.ts as loaded with the given environment. */
async function loadConfig(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const name of ['DATABASE_URL', 'HELIOS_DATABASE_POOL_MAX', 'HELIOS_DATABASE_TIMEOUT_MS', 'HELIOS_LOG_LEVEL']) {
    vi.stubEnv(name, undefined);
  }
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import('../src/config.ts')).config;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('analytics config', () => {
  it('applies the defaults and freezes the result', async () => {
    const config = await loadConfig({ DATABASE_URL: 'postgres://helios@postgres.helios.svc:5432/helios' });
    expect(config).toEqual({
      databaseUrl: 'postgres://helios@postgres.helios.svc:5432/helios',
      poolMax: 10,
      databaseTimeoutMs: 2_000,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses to load without DATABASE_URL, listing every problem at once', async () => {
    const attempt = loadConfig({ HELIOS_DATABASE_POOL_MAX: '0', HELIOS_LOG_LEVEL: 'loud' });
    // resetModules loads a fresh @helios/core too, so the class is matched by name
    await expect(attempt).rejects.toMatchObject({
      name: 'ConfigError',
      problems: [
        'DATABASE_URL must be set',
        'HELIOS_DATABASE_POOL_MAX must be an integer in [1, 1000] (got "0")',
        'HELIOS_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (got "loud")',
      ],
    });
  });

  it('refuses a DATABASE_URL that is not a Postgres URL', async () => {
    await expect(loadConfig({ DATABASE_URL: 'mysql://db/helios' })).rejects.toMatchObject({
      problems: ['DATABASE_URL must be a postgres: or postgresql: URL (got "mysql:")'],
    });
  });
});
