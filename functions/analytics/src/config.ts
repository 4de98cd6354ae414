import { readEnvironment } from '@helios/core';

const env = readEnvironment();

/**
 * The analytics function's configuration, read from the environment once, at load. Throws ConfigError
 * listing every bad variable.
 */
export const config = env.done({
  /** DATABASE_URL: a Postgres, or the local cluster's embedded PGlite over the wire protocol; required */
  databaseUrl: env.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']) ?? env.requiredString('DATABASE_URL'),
  /** the most connections the pool opens */
  poolMax: env.integer('HELIOS_DATABASE_POOL_MAX', 10, { min: 1, max: 1_000 }),
  /** the longest wait for a connection or a query before answering 503 */
  databaseTimeoutMs: env.integer('HELIOS_DATABASE_TIMEOUT_MS', 2_000, { min: 1, max: 60_000 }),
  logLevel: env.logLevel('HELIOS_LOG_LEVEL'),
});
