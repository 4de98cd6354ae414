import { describe, expect, it } from 'vitest';
import { ConfigError } from '@helios/core';
import { CLUSTER_DEFAULTS, inheritedEnvironment, readClusterConfig } from '../src/config.ts';

describe('readClusterConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(readClusterConfig({})).toEqual(CLUSTER_DEFAULTS);
    expect(CLUSTER_DEFAULTS).toMatchObject({ port: 8080, seed: true, logLevel: 'info', kafkaBrokers: [] });
  });

  it('reads every variable it owns', () => {
    const config = readClusterConfig({
      HELIOS_PORT: '9090',
      HELIOS_HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://postgres@db:5432/helios',
      REDIS_URL: 'redis://cache:6379',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      HELIOS_SEED: 'false',
      HELIOS_LOG_LEVEL: 'debug',
      HELIOS_DASHBOARD: '0',
      HELIOS_DISPATCH_CONCURRENCY: '16',
      HELIOS_REQUEST_REPLY_REPLICAS: '3',
      HELIOS_REQUEST_REPLY_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(config).toEqual({
      port: 9090,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres@db:5432/helios',
      redisUrl: 'redis://cache:6379',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      seed: false,
      dataDir: undefined,
      logLevel: 'debug',
      dashboard: false,
      dispatchConcurrency: 16,
      requestReplyReplicas: 3,
      requestReplyKey: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('rejects every bad value at once, naming each variable', () => {
    let error: unknown;
    try {
      readClusterConfig({
        HELIOS_PORT: '70000',
        DATABASE_URL: 'mysql://x',
        HELIOS_SEED: 'maybe',
        HELIOS_LOG_LEVEL: 'loud',
        HELIOS_REQUEST_REPLY_KEY: 'c2hvcnQ=',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['HELIOS_PORT', 'DATABASE_URL', 'HELIOS_SEED', 'HELIOS_LOG_LEVEL', 'HELIOS_REQUEST_REPLY_KEY'])
      expect(problems).toContain(name);
  });

  it('refuses HELIOS_DATA_DIR together with DATABASE_URL, whose data would live elsewhere', () => {
    expect(() => readClusterConfig({ HELIOS_DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://db/helios' })).toThrow(
      /HELIOS_DATA_DIR/,
    );
    expect(readClusterConfig({ HELIOS_DATA_DIR: '/tmp/x' }).dataDir).toBe('/tmp/x');
  });
});

describe('inheritedEnvironment', () => {
  it('keeps the shell environment but drops what the cluster sets per child', () => {
    const inherited = inheritedEnvironment({
      PATH: '/bin',
      HOME: '/root',
      PORT: '3000',
      K_SINK: 'http://x',
      DATABASE_URL: 'postgres://x',
    });
    expect(inherited).toEqual({ PATH: '/bin', HOME: '/root' });
  });
});
