import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@helios/core';
import { liveProcessesInGroup } from '../../src/supervisor/process-group.ts';
import { startService, type RunningService } from '../../src/supervisor/start-service.ts';

const logger = createLogger({ service: 'test', level: 'silent' });
let dir: string;
const lines: string[] = [];
const output = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const started: RunningService[] = [];

// A service that logs a JSON line and a plain line, serves its readiness, and exits when asked to.
const SERVER = `
import http from 'node:http';
console.log(JSON.stringify({ level: 'info', msg: 'hello', sink: process.env.K_SINK, service: process.env.K_SERVICE }));
console.log('plain line on port ' + process.env.PORT);
http.createServer((request, response) => {
  if (request.url === '/crash') { response.end('bye'); setTimeout(() => process.exit(3), 10); return; }
  response.end(JSON.stringify({ pid: process.pid, funcPort: process.env.FUNC_PORT, path: process.env.PATH }));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'helios-supervisor-'));
  await writeFile(path.join(dir, 'server.mjs'), SERVER);
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ scripts: { start: 'GREETING=hi node server.mjs' } }),
  );
});

afterAll(async () => {
  await Promise.all(started.map((service) => service.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function start(name: string): Promise<RunningService> {
  const service = await startService({
    name,
    dir,
    rootDir: dir,
    inherited: { PATH: process.env['PATH'] ?? '' },
    sink: 'http://127.0.0.1:1/sink',
    databaseUrl: undefined,
    redisUrl: undefined,
    logLevel: 'info',
    readiness: '/health/readiness',
    logger,
    output,
  });
  started.push(service);
  return service;
}

function groupAlive(group: number): boolean {
  return liveProcessesInGroup(group).length > 0;
}

describe('startService', () => {
  it('runs the package start script on its own port with K_SINK, and becomes ready', async () => {
    const service = await start('alpha');
    await service.ready(10_000);
    expect(service.state()).toBe('ready');
    const body = (await (await fetch(service.url)).json()) as { funcPort: string; path: string };
    expect(body.funcPort).toBe(String(service.port));
    // The cluster's own Node.js first (so `node` and every bin run on it), then the package's bins.
    expect(body.path.split(path.delimiter).slice(0, 2)).toEqual([
      path.dirname(process.execPath),
      path.join(dir, 'node_modules', '.bin'),
    ]);
  });

  it('forwards JSON lines as they are and wraps other lines as JSON', async () => {
    const json = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(json).toContainEqual({ level: 'info', msg: 'hello', sink: 'http://127.0.0.1:1/sink', service: 'alpha' });
    expect(json.find((line) => String(line['msg']).startsWith('plain line'))).toMatchObject({
      level: 'info',
      service: 'alpha',
    });
  });

  it('restarts a crashed child on the same port', async () => {
    const service = await start('beta');
    await service.ready(10_000);
    const before = ((await (await fetch(service.url)).json()) as { pid: number }).pid;
    await fetch(`${service.url}/crash`);
    const deadline = Date.now() + 10_000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await fetch(service.url)
        .then(async (response) => ((await response.json()) as { pid: number }).pid)
        .catch(() => before);
    }
    expect(after).not.toBe(before);
    expect(service.restarts()).toBe(1);
    // The new child may answer before the supervisor's readiness probe has seen it: wait for the probe.
    await service.ready(10_000);
    expect(service.state()).toBe('ready');
  });

  it('stops with SIGTERM and leaves no process in any of its groups', async () => {
    const service = await start('gamma');
    await service.ready(10_000);
    await service.stop();
    expect(service.state()).toBe('stopped');
    expect(service.processGroups().length).toBeGreaterThan(0);
    for (const group of service.processGroups()) expect(groupAlive(group)).toBe(false);
  });

  it('reports the last output of a child that never becomes ready', async () => {
    const broken = await mkdtemp(path.join(os.tmpdir(), 'helios-broken-'));
    await writeFile(
      path.join(broken, 'package.json'),
      JSON.stringify({ scripts: { start: 'echo cannot start: missing thing; exit 1' } }),
    );
    const service = await startService({
      name: 'broken',
      dir: broken,
      rootDir: broken,
      inherited: { PATH: process.env['PATH'] ?? '' },
      sink: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      readiness: 'tcp',
      logger,
      output: null,
    });
    started.push(service);
    await expect(service.ready(1_500)).rejects.toThrow(
      /broken did not become ready within 1500 ms[\s\S]*cannot start: missing thing/,
    );
    expect(service.restarts()).toBeGreaterThanOrEqual(1);
    await service.stop();
    await rm(broken, { recursive: true, force: true });
  });
});
