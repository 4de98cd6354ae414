import { describe, expect, it } from 'vitest';
import { ConfigError } from '@helios/core';
import { readDashboardConfig } from '../src/config.ts';
import { isUnavailable } from '../src/database.ts';

describe('readDashboardConfig', () => {
  it('needs only DATABASE_URL, and defaults the rest', () => {
    expect(readDashboardConfig({ DATABASE_URL: 'postgres://u@db:5432/helios' })).toEqual({
      databaseUrl: 'postgres://u@db:5432/helios',
      poolSize: 5,
      databaseTimeoutMs: 5_000,
      bidUrl: 'http://localhost:8080/bid',
    });
  });

  it('lists every problem at once', () => {
    try {
      readDashboardConfig({ HELIOS_DASHBOARD_DB_POOL_SIZE: '0', HELIOS_DASHBOARD_BID_URL: 'ftp://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'DATABASE_URL must be set',
        'HELIOS_DASHBOARD_DB_POOL_SIZE must be an integer in [1, 100] (got "0")',
        'HELIOS_DASHBOARD_BID_URL must be a http: or https: URL (got "ftp:")',
      ]);
    }
  });

  it('rejects a DATABASE_URL that is not a Postgres URL', () => {
    expect(() => readDashboardConfig({ DATABASE_URL: 'mysql://db/x' })).toThrow(
      'DATABASE_URL must be a postgres: or postgresql: URL',
    );
  });
});

describe('isUnavailable', () => {
  it('sees a refused connection under drizzle’s wrapper', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isUnavailable(new Error('Failed query: select 1', { cause: refused }))).toBe(true);
  });

  it('sees Postgres shutting down (57P01) and pg giving up on a connection', () => {
    expect(isUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('does not take a wrong query (42P01, undefined table) for an outage', () => {
    expect(isUnavailable(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
  });
});
