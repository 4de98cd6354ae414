import { afterEach, describe, expect, it, vi } from 'vitest';

/** config.ts as loaded with the given environment (and nothing else of the auction's). */
async function loadConfig(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const name of ['K_SINK', 'K_CE_OVERRIDES', 'HELIOS_AUCTION_COMPETITORS', 'HELIOS_AUCTION_INCREMENT_CPM']) {
    vi.stubEnv(name, undefined);
  }
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import('../src/config.ts')).config;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('auction config', () => {
  it('applies the defaults and freezes the result', async () => {
    const config = await loadConfig({
      K_SINK: 'http://auction-outcomes-kn-sink.helios.svc',
      HELIOS_LOG_LEVEL: undefined,
    });
    expect(config).toEqual({
      sink: 'http://auction-outcomes-kn-sink.helios.svc',
      ceOverrides: undefined,
      competitors: 3,
      incrementCpm: 0.01,
      referenceCpm: 1,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable it knows', async () => {
    const config = await loadConfig({
      K_SINK: 'https://sink.example/',
      K_CE_OVERRIDES: '{"extensions":{"cluster":"eu-1"}}',
      HELIOS_AUCTION_COMPETITORS: '0',
      HELIOS_AUCTION_INCREMENT_CPM: '0.05',
      HELIOS_AUCTION_REFERENCE_CPM: '2.5',
      HELIOS_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ competitors: 0, incrementCpm: 0.05, referenceCpm: 2.5, logLevel: 'debug' });
    expect(config.ceOverrides).toEqual({ extensions: { cluster: 'eu-1' } });
  });

  it('refuses to load with every problem listed at once', async () => {
    const attempt = loadConfig({ HELIOS_AUCTION_COMPETITORS: '-1', HELIOS_AUCTION_INCREMENT_CPM: 'a cent' });
    // resetModules loads a fresh @helios/core too, so the class is matched by name
    await expect(attempt).rejects.toMatchObject({
      name: 'ConfigError',
      problems: [
        'K_SINK must be set',
        'HELIOS_AUCTION_COMPETITORS must be an integer in [0, 100] (got "-1")',
        'HELIOS_AUCTION_INCREMENT_CPM must be a number in [0, 1000] (got "a cent")',
      ],
    });
  });

  it('refuses a K_SINK that is not an http(s) URL', async () => {
    await expect(loadConfig({ K_SINK: 'kafka://auction_outcomes' })).rejects.toMatchObject({
      problems: ['K_SINK must be a http: or https: URL (got "kafka:")'],
    });
  });
});
