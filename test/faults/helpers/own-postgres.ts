import { execFile as execFileCallback } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../helpers/free-port.ts';
import { postgresBinDir } from './fault-services.ts';

const execFile = promisify(execFileCallback);

/** A Postgres server of the test's own, which it may stop and start again; its data survives that. */
export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  readonly url: string;
  readonly port: number;
  /** `pg_ctl stop -m fast`: sessions are cut, as when the database host goes away. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and deletes its data directory. */
  remove(): Promise<void>;
}

/**
 * initdb into a temp directory and pg_ctl start on a free loopback port, trust auth, durability off (the
 * test wants outages, not crash safety). initdb refuses to run as root, so as root (CI) the server runs
 * as the `postgres` user (else `nobody`), which then owns the directory.
 */
export async function startOwnPostgres(options: { database: string }): Promise<OwnPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no Postgres server binaries (initdb, pg_ctl) found');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'helios-faults-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const user = await serverUser();
  if (user) await chown(dir, user.uid, user.gid);
  const run = (tool: string, args: readonly string[]) =>
    execFile(path.join(bin, tool), [...args], { ...(user ?? {}), cwd: dir, env: { ...process.env, LC_ALL: 'C' } });

  await run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const start = async () => {
    await run('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', serverOptions, '-w', 'start']);
  };
  const stop = async () => {
    await run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  };
  await start();

  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${options.database}`);
  await admin.end();

  return {
    url: `postgres://postgres@127.0.0.1:${port}/${options.database}`,
    port,
    stop,
    start,
    async remove() {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Who the server runs as: null for the current user, or (as root) postgres's or nobody's ids. */
async function serverUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number((await execFile('id', ['-u', name])).stdout.trim());
      const gid = Number((await execFile('id', ['-g', name])).stdout.trim());
      return { uid, gid };
    } catch {
      // No such user: try the next.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists for the Postgres server');
}
