import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@helios/core';
import { createProfileClient, GrpcStatus } from '@helios/core/profile';
import { buildFunction } from '../../../scripts/build-function.ts';
import { freePort } from '../../../test/helpers/free-port.ts';
import { startMemoryRedis } from '../../../test/helpers/memory-redis.ts';
import { startProfileServer, type ProfileServer } from '../src/server.ts';
import { checkHealth } from './health-client.ts';

const logger = createLogger({ service: 'profile-test', level: 'silent' });
const functionDir = path.resolve(import.meta.dirname, '..');
const memory = await startMemoryRedis();
afterAll(() => memory.close());

describe('the profile server', () => {
  let server: ProfileServer;

  beforeAll(async () => {
    server = await startProfileServer({ port: 0, metricsPort: 0, host: '127.0.0.1', redisUrl: memory.url, logger });
  });
  afterAll(() => server.close());

  it('serves Prometheus metrics by method and status code on its metrics port', async () => {
    const client = createProfileClient({ address: `127.0.0.1:${server.port}`, deadlineMs: 2_000 });
    await client.upsertProfile({ userId: 'metrics-user' });
    await client.getProfile('metrics-user');
    await client.getProfile('nobody').catch(() => {});
    client.close();
    const response = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/helios_profile_requests_total\{method="GetProfile",code="OK"\} [1-9]/);
    expect(text).toMatch(/helios_profile_requests_total\{method="GetProfile",code="NOT_FOUND"\} [1-9]/);
    expect(text).toContain('helios_profile_request_seconds_bucket{');
  });

  it('answers /healthz 200 while Redis is connected', async () => {
    const response = await fetch(`http://127.0.0.1:${server.metricsPort}/healthz`);
    expect(response.status).toBe(200);
  });
});

describe('the profile server when Redis is down', () => {
  let server: ProfileServer;

  beforeAll(async () => {
    const closedPort = await freePort();
    server = await startProfileServer({
      port: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      redisUrl: `redis://127.0.0.1:${closedPort}`,
      logger,
    });
  });
  afterAll(() => server.close());

  it('reports NOT_SERVING on the health service and 503 on /healthz', async () => {
    expect(await checkHealth(`127.0.0.1:${server.port}`)).toBe('NOT_SERVING');
    expect(await checkHealth(`127.0.0.1:${server.port}`, 'helios.profile.v1.ProfileService')).toBe('NOT_SERVING');
    expect((await fetch(`http://127.0.0.1:${server.metricsPort}/healthz`)).status).toBe(503);
  });

  it('answers UNAVAILABLE at once rather than waiting for Redis', async () => {
    // A server that queued the command until Redis came back would let the call's deadline pass first:
    // the caller would hear DEADLINE_EXCEEDED, not the server's own UNAVAILABLE.
    const client = createProfileClient({ address: `127.0.0.1:${server.port}`, deadlineMs: 5_000 });
    await expect(client.getProfile('anyone')).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    await expect(client.upsertProfile({ userId: 'anyone' })).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    client.close();
  });
});

describe('the built profile bundle', () => {
  it('finds profile.proto inside build/, serves gRPC, and stops gracefully on SIGTERM', async () => {
    await buildFunction(functionDir);
    expect(existsSync(path.join(functionDir, 'build', 'proto', 'profile.proto'))).toBe(true);
    const [port, metricsPort] = [await freePort(), await freePort()];
    // started from another directory, so nothing resolves through the source tree's proto/
    const child = spawn(process.execPath, [path.join(functionDir, 'build', 'server.js')], {
      cwd: path.join(functionDir, 'build'),
      env: { ...process.env, PORT: String(port), HELIOS_METRICS_PORT: String(metricsPort), REDIS_URL: memory.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const client = createProfileClient({ address: `127.0.0.1:${port}`, deadlineMs: 2_000 });
    try {
      await client.waitForReady(10_000);
      await client.upsertProfile({ userId: 'bundled', interests: [{ category: 'IAB1', score: 1 }] });
      expect((await client.getProfile('bundled')).interests).toEqual([{ category: 'IAB1', score: 1 }]);
    } finally {
      client.close();
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code, output).toBe(0);
    expect(output).toContain('profile service stopped');
  });

  it('refuses to start without REDIS_URL, saying so, rather than keep profiles per process', async () => {
    await buildFunction(functionDir);
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()) };
    delete env['REDIS_URL'];
    const child = spawn(process.execPath, [path.join(functionDir, 'build', 'server.js')], {
      cwd: path.join(functionDir, 'build'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(output).toMatch(/REDIS_URL must be set/);
  });
});

describe('the profile server logs', () => {
  it('carry the caller traceparent trace id, as JSON lines', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const server = await startProfileServer({
      port: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      redisUrl: memory.url,
      logger,
    });
    const client = createProfileClient({ address: `127.0.0.1:${server.port}`, deadlineMs: 2_000 });
    await client
      .getProfile('traced', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })
      .catch(() => {});
    client.close();
    await server.close();
    expect(lines).toContainEqual(
      expect.objectContaining({ method: 'GetProfile', code: 'NOT_FOUND', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }),
    );
  });
});
