import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { acceptsConnections } from '../../../cluster/local/src/supervisor/readiness.ts';
import { freePort } from '../../helpers/free-port.ts';
import { eventually } from '../../reliability/helpers/reliability-cluster.ts';

/** A redis-server of the test's own, which it may stop and start again with its data kept. */
export interface OwnRedis {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** SHUTDOWN SAVE: the dataset is written to dump.rdb, then the server exits. */
  stop(): Promise<void>;
  /** Starts it again on the same port; it loads dump.rdb. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** redis-server on a free loopback port, its dump in a temp directory, no periodic saves. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'helios-faults-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  const start = async () => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    server = child;
    const up = await eventually(
      async () => child.exitCode === null && acceptsConnections('127.0.0.1', port, 500),
      15_000,
      100,
    );
    if (!up) throw new Error(`redis-server did not start on port ${port}`);
  };
  const stop = async () => {
    const child = server;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    // The connection closes as the server exits, so the command's reply never comes.
    await client.shutdown('SAVE').catch(() => undefined);
    client.disconnect();
    await exited;
  };
  await start();
  return {
    url,
    start,
    stop,
    async remove() {
      await stop().catch(() => server?.kill('SIGKILL'));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
