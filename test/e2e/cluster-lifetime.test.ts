/**
 * The local cluster as `npm start` runs it (`node cluster/local/src/main.ts`, a process of its own), on
 * embedded services only: its one Redis keeps seeded profiles across a restart of profile; a second
 * `npm start` on the same port is refused; and when the cluster process is SIGKILLed, so that no exit
 * handler of its runs, every process it started (functions, redis-server) ends by itself and frees its
 * port. Needs `npm run build`; reads /proc, so Linux only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileClient } from '@helios/core/profile';
import { dashboardBuildIsStale } from '../../cluster/local/src/supervisor/dashboard-build.ts';
import { acceptsConnections } from '../../cluster/local/src/supervisor/readiness.ts';
import { freePort } from '../helpers/free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(root, 'cluster', 'local', 'src', 'main.ts');
const PROFILE_DIR = path.join(root, 'functions', 'profile');

interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
}

/** Every live process on the machine, from /proc (zombies count as gone). */
function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && state !== 'X') found.push({ pid: Number(entry), ppid: Number(ppid), state: state! });
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** The live descendants of `pid`. */
function descendants(pid: number): number[] {
  const all = processes();
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = all.filter((candidate) => frontier.includes(candidate.ppid)).map((child) => child.pid);
    found.push(...children);
    frontier = children;
  }
  return found;
}

const isAlive = (pid: number) => processes().some((candidate) => candidate.pid === pid);

function environmentOf(pid: number): Record<string, string> {
  const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(
    raw
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** The node process serving profile among `pids` (its shell has the same working directory). */
function profileNode(pids: readonly number[]): number | undefined {
  return pids.find((pid) => {
    try {
      return (
        readlinkSync(`/proc/${pid}/cwd`) === PROFILE_DIR &&
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('node')
      );
    } catch {
      return false;
    }
  });
}

/** Polls `check` until it holds; throws with `what` once `timeoutMs` has passed (a bound, not a measurement). */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

interface MainProcess {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

function runMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, [MAIN], {
    cwd: root,
    env: { ...process.env, HELIOS_DASHBOARD: 'false', HELIOS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const linux = process.platform === 'linux';
const redisServerInstalled = (process.env['PATH'] ?? '')
  .split(path.delimiter)
  .some((dir) => dir !== '' && existsSync(path.join(dir, 'redis-server')));

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

describe.skipIf(!linux)('the local cluster process', () => {
  let port: number;
  let cluster: MainProcess;

  beforeAll(async () => {
    port = await freePort();
    const environment: Record<string, string> = { HELIOS_PORT: String(port), HELIOS_SEED: 'true' };
    // The cluster's own Redis, not one a developer's shell points at.
    for (const name of ['REDIS_URL', 'DATABASE_URL', 'KAFKA_BROKERS']) environment[name] = '';
    cluster = runMain(environment);
    await until('the cluster is up', () => cluster.output().includes('Helios is up'), 300_000);
  }, 330_000);

  afterAll(async () => {
    if (cluster && cluster.child.exitCode === null && cluster.child.signalCode === null) {
      cluster.child.kill('SIGTERM');
      await cluster.exited;
    }
  });

  it('keeps the seeded profiles when profile is SIGKILLed and restarted by the supervisor', async () => {
    const before = profileNode(descendants(cluster.child.pid!));
    expect(before, 'a node process serving profile').toBeDefined();
    const address = `127.0.0.1:${environmentOf(before!).PORT}`;
    const client = createProfileClient({ address, deadlineMs: 2_000 });
    try {
      expect((await client.getProfile('user-001')).userId).toBe('user-001');
      process.kill(before!, 'SIGKILL');
      await until('the killed profile is gone', () => !isAlive(before!));
      await until('the supervisor started a new profile', () => {
        const after = profileNode(descendants(cluster.child.pid!));
        return after !== undefined && after !== before;
      });
      // Nothing seeds again: the restarted process serves what the shared Redis kept.
      await until('the restarted profile serves user-001', () =>
        client.getProfile('user-001').then(
          (profile) => profile.userId === 'user-001',
          () => false,
        ),
      );
      expect((await client.getProfile('user-002')).userId).toBe('user-002');
    } finally {
      client.close();
    }
  }, 120_000);

  it('refuses a second start on the same port, naming the port and what holds it', async () => {
    const second = runMain({ HELIOS_PORT: String(port) });
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`port ${port} on 127.0.0.1 (HELIOS_PORT) is in use`);
    expect(second.output()).toContain('a Helios local cluster is already running there');
  }, 60_000);

  it('takes every process it started with it when SIGKILLed, and frees their ports', async () => {
    await expectNothingOutlivesSigkill(cluster, port);
  }, 120_000);
});

/**
 * SIGKILLs the cluster process alone (none of its children is signalled) and waits until every process
 * it had started is gone and their ports refuse connections.
 */
async function expectNothingOutlivesSigkill(
  cluster: MainProcess,
  port: number,
  expected: RegExp[] = [],
): Promise<void> {
  const children = descendants(cluster.child.pid!);
  const ports = children.flatMap((pid) => {
    try {
      const env = environmentOf(pid);
      return [env.PORT, env.HELIOS_METRICS_PORT].filter((value): value is string => Boolean(value)).map(Number);
    } catch {
      return [];
    }
  });
  // The five functions, the cluster's redis-server where one is installed, and whatever else is expected.
  expect(ports.length).toBeGreaterThanOrEqual(5);
  if (redisServerInstalled) expected.push(/redis-server/);
  for (const pattern of expected)
    expect(
      children.some((pid) => pattern.test(commandOf(pid))),
      String(pattern),
    ).toBe(true);

  cluster.child.kill('SIGKILL');
  await cluster.exited;
  await until(
    `no process the cluster started is alive (left: ${children.filter(isAlive).join(', ')})`,
    () => children.every((pid) => !isAlive(pid)),
    60_000,
  );
  for (const childPort of [port, ...new Set(ports)])
    expect(await acceptsConnections('127.0.0.1', childPort), `port ${childPort}`).toBe(false);
}

const dashboardBuilt = !(await dashboardBuildIsStale(path.join(root, 'dashboard')));
if (!dashboardBuilt)
  console.warn('skipping the SIGKILL test with the dashboard: its build is missing or stale (npm start builds it)');

describe.skipIf(!linux || !dashboardBuilt)('the local cluster process with the dashboard', () => {
  it('takes the dashboard (next start) with it too when SIGKILLed', async () => {
    const port = await freePort();
    const cluster = runMain({
      HELIOS_PORT: String(port),
      HELIOS_DASHBOARD: 'true',
      HELIOS_SEED: 'false',
      REDIS_URL: '',
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
    });
    try {
      await until('the cluster is up', () => cluster.output().includes('Helios is up'), 300_000);
      await expectNothingOutlivesSigkill(cluster, port, [/next/]);
    } finally {
      if (cluster.child.exitCode === null && cluster.child.signalCode === null) cluster.child.kill('SIGKILL');
    }
  }, 330_000);
});

describe('npm start on a port another program holds', () => {
  it('refuses to start, naming the port', async () => {
    const { createServer } = await import('node:net');
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const main = runMain({ HELIOS_PORT: String(port) });
      expect(await main.exited).not.toBe(0);
      expect(main.output()).toContain(`port ${port} on 127.0.0.1 (HELIOS_PORT) is in use: another program holds it`);
    } finally {
      server.close();
    }
  }, 60_000);
});
