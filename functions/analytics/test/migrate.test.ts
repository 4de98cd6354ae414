import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction } from '../../../scripts/build-function.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../../test/helpers/services.ts';

const run = promisify(execFile);
const functionDir = path.resolve(import.meta.dirname, '..');
const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);

/** The migration Job's entry point as the image runs it: the built bundle, with the migrations it carries. */
describe.skipIf(!available)('build/migrate.js (the analytics-migrate Job)', () => {
  const name = `helios_migrate_${randomBytes(5).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;

  async function admin(sql: string) {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(sql);
    await client.end();
  }

  async function query<Row extends pg.QueryResultRow>(sql: string): Promise<Row[]> {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<Row>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  /** What a migration run could change: drizzle's journal, the schema's relations and columns, the rows. */
  async function databaseState() {
    const journal = await query('select id, hash, created_at from drizzle.__drizzle_migrations order by id');
    const relations = await query(
      `select c.relname, c.relkind, c.oid::int as oid, c.relfilenode::int as relfilenode
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' order by c.relname`,
    );
    const columns = await query(
      `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
    );
    const indexes = await query("select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1");
    const rows = await query(
      `select (select count(*)::int from advertisers) as advertisers, (select count(*)::int from campaigns) as campaigns,
              (select count(*)::int from auction_outcomes) as auction_outcomes`,
    );
    return { journal, relations, columns, indexes, rows };
  }

  async function migrate() {
    return run(process.execPath, [path.join(functionDir, 'build', 'migrate.js')], {
      cwd: functionDir,
      env: { PATH: process.env['PATH'], DATABASE_URL: url.toString(), HELIOS_LOG_LEVEL: 'info' },
    });
  }

  beforeAll(async () => {
    await buildFunction(functionDir);
    await admin(`CREATE DATABASE ${name}`);
  });
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('creates the schema on an empty database from the migrations inside the build', async () => {
    const { stdout } = await migrate();
    expect(stdout).toContain(path.join('build', 'drizzle'));
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
    await client.end();
    expect(rows.map((row) => row.table_name)).toEqual(['advertisers', 'auction_outcomes', 'campaigns', 'dead_letters']);
  });

  it('does nothing, successfully, when run again', async () => {
    await query("insert into advertisers (id, name) values ('adv-kept', 'Kept across migrations')");
    const before = await databaseState();
    expect(before.journal).not.toEqual([]);

    await expect(migrate()).resolves.toBeDefined();

    // The same migrations recorded, the same tables, columns and indexes, each the same relation on the same
    // storage (a drop and re-create, or a rewrite, would give it a new oid or relfilenode), the same rows.
    expect(await databaseState()).toEqual(before);
  });

  it('exits non-zero when the database cannot be reached', async () => {
    const unreachable = run(process.execPath, [path.join(functionDir, 'build', 'migrate.js')], {
      cwd: functionDir,
      env: {
        PATH: process.env['PATH'],
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        HELIOS_LOG_LEVEL: 'silent',
      },
    });
    await expect(unreachable).rejects.toMatchObject({ code: 1 });
  });
});
