import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Every process the cluster runs (analytics, bidder, the dashboard) reaches this pool. PGlite runs one
 * query at a time whatever the count, so the limit only has to exceed the sum of their pools.
 */
const MAX_CONNECTIONS = 200;

/**
 * PGlite (Postgres compiled to WebAssembly) served over the Postgres wire protocol on a free loopback
 * port, so every process uses the same `pg` + drizzle code it uses against a real Postgres. In memory
 * unless `dataDir` is given, where it persists across runs.
 */
export async function serveEmbeddedPostgres(options: { dataDir?: string | undefined }): Promise<EmbeddedPostgres> {
  const db = options.dataDir ? await PGlite.create({ dataDir: options.dataDir }) : await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  // getServerConn() reports the port the OS picked for port 0.
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
