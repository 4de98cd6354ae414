import { readEnvironment, type Environment } from '@helios/core';

/** What the dashboard reads from its environment. */
export interface DashboardConfig {
  /** DATABASE_URL: the Postgres the analytics function writes outcomes to */
  readonly databaseUrl: string;
  /** HELIOS_DASHBOARD_DB_POOL_SIZE: connections this process keeps to Postgres */
  readonly poolSize: number;
  /** HELIOS_DASHBOARD_DB_TIMEOUT_MS: how long a connection or a query may take before the page answers 503 */
  readonly databaseTimeoutMs: number;
  /** HELIOS_DASHBOARD_BID_URL: where the empty states tell the reader to POST a bid */
  readonly bidUrl: string;
}

/** Reads and validates the dashboard's configuration from `env`; throws one ConfigError listing every problem. */
export function readDashboardConfig(env: Environment): DashboardConfig {
  const reader = readEnvironment(env);
  return reader.done({
    databaseUrl:
      reader.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']) ?? reader.requiredString('DATABASE_URL'),
    poolSize: reader.integer('HELIOS_DASHBOARD_DB_POOL_SIZE', 5, { min: 1, max: 100 }),
    databaseTimeoutMs: reader.integer('HELIOS_DASHBOARD_DB_TIMEOUT_MS', 5_000, { min: 100, max: 120_000 }),
    bidUrl: reader.optionalUrl('HELIOS_DASHBOARD_BID_URL', ['http:', 'https:']) ?? 'http://localhost:8080/bid',
  });
}

let loaded: DashboardConfig | undefined;

/**
 * The configuration, read from process.env on first use and kept. Not at module load: `next build` loads
 * every module to collect page data, and the image built from it must not carry the build machine's
 * DATABASE_URL; `next start` supplies the real one.
 */
export function dashboardConfig(): DashboardConfig {
  loaded ??= readDashboardConfig(process.env);
  return loaded;
}
