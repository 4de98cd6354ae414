import { ConfigError, DependencyUnavailableError, HeliosError } from '@helios/core';
import { createDatabase, type Database } from '@helios/core/db';
import { dashboardConfig } from './config.ts';

// Next may load this module once per route bundle; the pool lives on globalThis so the process keeps one.
const POOL_KEY = Symbol.for('helios.dashboard.database');
type PoolHolder = { [POOL_KEY]?: Database };

/** The process's one database, created on first use from dashboardConfig(). Throws ConfigError when unset. */
export function dashboardDatabase(): Database {
  const holder = globalThis as PoolHolder;
  if (!holder[POOL_KEY]) {
    const config = dashboardConfig();
    const database = createDatabase({
      url: config.databaseUrl,
      maxConnections: config.poolSize,
      connectionTimeoutMillis: config.databaseTimeoutMs,
      queryTimeoutMillis: config.databaseTimeoutMs,
    });
    holder[POOL_KEY] = database;
  }
  return holder[POOL_KEY];
}

/**
 * Runs `work` against `database` (the process's own by default). A database that cannot be reached, or is
 * not configured, becomes DependencyUnavailableError (503: try again later); any other error passes as is.
 */
export async function withDatabase<T>(work: (database: Database) => Promise<T>, database?: () => Database): Promise<T> {
  try {
    return await work((database ?? dashboardDatabase)());
  } catch (error) {
    if (error instanceof HeliosError) throw error;
    if (error instanceof ConfigError || isUnavailable(error))
      throw new DependencyUnavailableError('database', rootCause(error));
    throw error;
  }
}

// Node socket errors, pg's own timeouts, and Postgres SQLSTATE classes 08 (connection exception),
// 53 (insufficient resources), 57 (operator intervention: shutdown, cancelled by timeout) and 3D000 (no such database).
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
// pg's own messages when it gives up on a connection or a query (pg lib/client.js, pg-pool index.js).
const UNAVAILABLE_MESSAGES = /^(timeout exceeded when trying to connect|Query read timeout|Connection terminated)/;

/** True when `error` says the database could not be reached or answer, rather than that a query was wrong. */
export function isUnavailable(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNAVAILABLE_NODE_CODES.has(code)) return true;
      if (/^(08|53|57)/.test(code) || code === '3D000') return true;
    }
    if (current instanceof AggregateError && current.errors.some(isUnavailable)) return true;
    if (code === undefined && UNAVAILABLE_MESSAGES.test(current.message)) return true;
  }
  return false;
}

// drizzle wraps the driver's error in one that quotes the SQL; the reader wants the driver's reason.
function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current;
}
