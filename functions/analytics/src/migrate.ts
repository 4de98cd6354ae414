/**
 * Applies the database migrations this build carries to DATABASE_URL, then exits (1 on failure): the
 * entry point of the Kubernetes Job cluster/k8s/50-analytics-migrate.yaml, run with the analytics image
 * as `node build/migrate.js`. Safe to run again: drizzle records what it has applied.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@helios/core';
import { createDatabase, migrateDatabase, MIGRATIONS_FOLDER } from '@helios/core/db';
import { config } from './config.ts';

const logger = createLogger({ service: 'analytics-migrate', level: config.logLevel });
// In the bundle the migrations sit beside this file (scripts/build-function.ts copies them to
// build/drizzle); run from source, they are core's own folder.
const bundled = fileURLToPath(new URL('./drizzle', import.meta.url));
const folder = existsSync(bundled) ? bundled : MIGRATIONS_FOLDER;
const database = createDatabase({
  url: config.databaseUrl,
  maxConnections: 1,
  connectionTimeoutMillis: config.databaseTimeoutMs,
});
try {
  await migrateDatabase(database, folder);
  logger.info({ folder }, 'migrations applied');
} catch (error) {
  logger.error({ err: error, folder }, 'migrations failed');
  process.exitCode = 1;
} finally {
  await database.$client.end();
}
