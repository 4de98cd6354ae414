import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from '@helios/core';
import { freePort } from '../supervisor/free-port.ts';
import { tcpReadiness } from '../supervisor/readiness.ts';
import { superviseProcess } from '../supervisor/supervise-process.ts';
import { startRespServer } from './resp-server.ts';

/** The cluster's one Redis, shared by every function process. */
export interface ClusterRedis {
  /** 'external': REDIS_URL's; 'redis-server': one the cluster runs; 'in-process': the RESP server. */
  readonly kind: 'external' | 'redis-server' | 'in-process';
  /** What every function gets as REDIS_URL. */
  readonly url: string;
  /** The process groups of a redis-server the cluster ran (none for the others). */
  processGroups(): readonly number[];
  close(): Promise<void>;
}

export interface StartRedisOptions {
  /** REDIS_URL: used as it is, nothing started. */
  readonly url: string | undefined;
  /** The PATH searched for `redis-server`; default: `environment`'s. */
  readonly searchPath?: string;
  /** Skip the search and serve the in-process store (tests of that fallback). */
  readonly inProcess?: boolean;
  readonly environment: Readonly<Record<string, string>>;
  readonly logger: Logger;
  readonly output: Writable | null;
  readonly readyTimeoutMs: number;
}

const RUN_TETHERED = path.join(import.meta.dirname, '..', 'supervisor', 'run-tethered.ts');

/**
 * One Redis for the whole local cluster, so a restarted function finds its data and instances share
 * spend: REDIS_URL's when set; otherwise a `redis-server` found on PATH, run on a free loopback port
 * without persistence, supervised (restarted if it dies) and tethered to the cluster (run-tethered.ts);
 * otherwise an in-process server that speaks the Redis protocol (resp-server.ts). Either way it lives
 * as long as the cluster, not as long as any function.
 */
export async function startRedis(options: StartRedisOptions): Promise<ClusterRedis> {
  if (options.url) return { kind: 'external', url: options.url, processGroups: () => [], close: async () => {} };
  const redisServer = options.inProcess
    ? undefined
    : await findExecutable('redis-server', options.searchPath ?? options.environment['PATH'] ?? '');
  if (!redisServer) {
    const server = await startRespServer();
    return { kind: 'in-process', url: server.url, processGroups: () => [], close: () => server.close() };
  }
  const port = await freePort();
  const supervised = superviseProcess({
    name: 'redis',
    cwd: import.meta.dirname,
    command: `${shellQuote(process.execPath)} ${shellQuote(RUN_TETHERED)} ${shellQuote(redisServer)}`,
    // No RDB snapshots, no AOF, no working files: the data lives as long as the cluster does.
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    env: { ...options.environment },
    readiness: tcpReadiness('127.0.0.1', port),
    logger: options.logger,
    output: options.output,
  });
  try {
    await supervised.ready(options.readyTimeoutMs);
  } catch (error) {
    await supervised.stop();
    throw error;
  }
  return {
    kind: 'redis-server',
    url: `redis://127.0.0.1:${port}`,
    processGroups: () => supervised.processGroups(),
    close: () => supervised.stop(),
  };
}

async function findExecutable(name: string, searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
