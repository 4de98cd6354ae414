import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, migrateDatabase, type Database } from '@helios/core/db';
import { TEST_DATABASE_URL } from './services.ts';

export interface TestDatabase {
  readonly url: string;
  readonly database: Database;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the test Postgres server, for one test file: suites (and developers
 * running them side by side) never see each other's rows. `drop()` removes it.
 */
export async function createTestDatabase(serverUrl = TEST_DATABASE_URL): Promise<TestDatabase> {
  const name = `helios_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = createDatabase({ url: url.toString(), maxConnections: 5 });
  await migrateDatabase(database);
  return {
    url: url.toString(),
    database,
    async drop() {
      await database.$client.end();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
