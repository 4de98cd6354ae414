import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionEnvironment } from '../../src/supervisor/function-environment.ts';

const base = {
  inherited: { PATH: '/usr/bin', HOME: '/home/dev' },
  rootDir: '/repo',
  functionDir: '/repo/functions/bidder',
  name: 'bidder',
  port: 41_000,
  logLevel: 'debug',
};

describe('functionEnvironment', () => {
  it('gives a function what Knative gives its container, and what it talks to', () => {
    const env = functionEnvironment({
      ...base,
      sink: 'http://127.0.0.1:9/helios/bid-responses',
      databaseUrl: 'postgres://postgres@127.0.0.1:5/postgres',
      redisUrl: 'redis://127.0.0.1:6379',
      addresses: { HELIOS_PROFILE_ADDRESS: '127.0.0.1:7000' },
    });
    expect(env).toEqual({
      HOME: '/home/dev',
      PATH: [
        path.dirname(process.execPath),
        '/repo/functions/bidder/node_modules/.bin',
        '/repo/node_modules/.bin',
        '/usr/bin',
      ].join(path.delimiter),
      PORT: '41000',
      FUNC_PORT: '41000',
      K_SERVICE: 'bidder',
      K_SINK: 'http://127.0.0.1:9/helios/bid-responses',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5/postgres',
      REDIS_URL: 'redis://127.0.0.1:6379',
      HELIOS_PROFILE_ADDRESS: '127.0.0.1:7000',
      HELIOS_LOG_LEVEL: 'debug',
    });
  });

  it('leaves out what a function has none of, so it falls back to its own defaults', () => {
    const env = functionEnvironment({
      ...base,
      sink: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
    });
    for (const name of ['K_SINK', 'DATABASE_URL', 'REDIS_URL', 'HELIOS_PROFILE_ADDRESS'])
      expect(env).not.toHaveProperty(name);
  });
});
