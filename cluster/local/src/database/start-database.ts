import { createDatabase, migrateDatabase, type Database } from '@helios/core/db';
import { serveEmbeddedPostgres } from './embedded-postgres.ts';

/** The cluster's database: where it is, and a pool the cluster itself uses (seeding, health). */
export interface ClusterDatabase {
  readonly kind: 'embedded' | 'external';
  /** What every process gets as DATABASE_URL. */
  readonly url: string;
  readonly database: Database;
  /** Resolves when a trivial query answers within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface StartDatabaseOptions {
  /** An external Postgres; unset starts the embedded PGlite. */
  readonly url?: string | undefined;
  /** The embedded database's directory; unset keeps it in memory. */
  readonly dataDir?: string | undefined;
}

/**
 * Connects to (or starts) the database and applies core's migrations, so every function finds its
 * schema. Throws when the database cannot be reached or a migration fails.
 */
export async function startDatabase(options: StartDatabaseOptions): Promise<ClusterDatabase> {
  const embedded = options.url ? undefined : await serveEmbeddedPostgres({ dataDir: options.dataDir });
  const url = options.url ?? embedded!.url;
  const database = createDatabase({ url, maxConnections: 4 });
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.$client.end();
    await embedded?.close();
    throw error;
  }
  return {
    kind: embedded ? 'embedded' : 'external',
    url,
    database,
    async ping(timeoutMs = 1_000) {
      const query = database.$client.query('select 1').then(
        () => true,
        () => false,
      );
      const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
      return Promise.race([query, timeout]);
    },
    async close() {
      await database.$client.end();
      await embedded?.close();
    },
  };
}
