import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@helios/core';
import { summarizeHealth } from '../../src/ingress/cluster-health.ts';
import type { DeadLetterEntry } from '../../src/dead-letters/dead-letter-entry.ts';
import { DeadLetterNotFoundError, type DeadLetters } from '../../src/dead-letters/dead-letters.ts';
import type { RoutesView } from '../../src/ingress/routes-view.ts';
import { startIngress, type Ingress } from '../../src/ingress/start-ingress.ts';

const logger = createLogger({ service: 'test', level: 'silent' });
const LIMIT = 64 * 1024;

// Stands in for ingest: echoes what it got, and answers 413 as soon as a body passes the limit.
function startUpstream(name: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMIT && !response.headersSent) {
        response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        response.end(JSON.stringify({ error: { code: 'payload_too_large' } }));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (response.headersSent) return;
      response.writeHead(202, { 'content-type': 'application/json', 'x-upstream': name });
      response.end(
        JSON.stringify({
          name,
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let ingest: http.Server;
let dashboard: http.Server;
let ingress: Ingress;
let ingestUp = true;
let components: Record<string, string> = { ingest: 'ready', database: 'ready' };
const stored: DeadLetterEntry = {
  id: '0-7',
  topic: 'dead_letters',
  deadLetteredAt: '2026-11-29T10:00:00.000Z',
  event: { specversion: '1.0', id: 'outcome:r1:1', source: '/helios/auction', type: 'dev.helios.auction.outcome' },
  data: '{}',
  error: { destination: 'http://127.0.0.1:1/', code: 503, reason: 'database down' },
};
const replayed: string[] = [];
// A stand-in for the dead letters over a log: the endpoint's own logic is what is tested here.
const deadLetters: DeadLetters = {
  list: async () => [stored],
  show: async (id) => (id === stored.id ? stored : null),
  replay: async (ids) => {
    const chosen = ids === 'all' ? [stored.id] : ids;
    for (const id of chosen) if (id !== stored.id) throw new DeadLetterNotFoundError(id);
    replayed.push(...chosen);
    return chosen.map((id) => ({
      id,
      event: { type: 'dev.helios.auction.outcome', source: '/helios/auction', id: 'outcome:r1:1' },
      route: { kind: 'topic' as const, topic: 'auction_outcomes', subscriptions: [] },
      result: 'replayed' as const,
      detail: 'written',
    }));
  },
  close: async () => undefined,
};
const routes = { namespace: 'helios', sinks: [], bindings: [], subscriptions: [], functions: [] } satisfies RoutesView;

beforeAll(async () => {
  ingest = await startUpstream('ingest');
  dashboard = await startUpstream('dashboard');
  ingress = await startIngress({
    port: 0,
    host: '127.0.0.1',
    logger,
    ingestUrl: () => (ingestUp ? urlOf(ingest) : null),
    dashboardUrl: () => urlOf(dashboard),
    dashboardEnabled: true,
    health: async () => summarizeHealth(components),
    routes: () => routes,
    deadLetters,
  });
});

afterAll(async () => {
  await ingress.close();
  await new Promise((resolve) => ingest.close(resolve));
  await new Promise((resolve) => dashboard.close(resolve));
});

describe('startIngress', () => {
  it('proxies POST /bid to ingest keeping status, headers and body, and adds X-Forwarded-For', async () => {
    const response = await fetch(`${ingress.url}/bid?debug=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      body: '{"request_id":"r1"}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-upstream')).toBe('ingest');
    const echoed = (await response.json()) as { url: string; body: string; headers: Record<string, string> };
    expect(echoed.url).toBe('/bid?debug=1');
    expect(echoed.body).toBe('{"request_id":"r1"}');
    expect(echoed.headers['traceparent']).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(echoed.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('passes on the upstream 413 for a body over the limit', async () => {
    const response = await fetch(`${ingress.url}/bid`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(70 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'payload_too_large' } });
  });

  it('answers 503 with retry-after while ingest is not ready', async () => {
    ingestUp = false;
    try {
      const response = await fetch(`${ingress.url}/bid`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe('ingest is not ready');
    } finally {
      ingestUp = true;
    }
  });

  it('sends every other path to the dashboard', async () => {
    const response = await fetch(`${ingress.url}/api/outcomes/?user_id=user-001`);
    expect(response.headers.get('x-upstream')).toBe('dashboard');
    expect(((await response.json()) as { url: string }).url).toBe('/api/outcomes/?user_id=user-001');
  });

  it('answers /healthz 200 when every component is ready, 503 listing them otherwise', async () => {
    const ok = await fetch(`${ingress.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', components });
    components = { ingest: 'restarting', database: 'ready' };
    const degraded = await fetch(`${ingress.url}/healthz`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toEqual({ status: 'degraded', components });
  });

  it('serves the routes view at /_cluster/routes', async () => {
    const response = await fetch(`${ingress.url}/_cluster/routes`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(routes);
  });

  it('lists, shows and replays dead letters under /_cluster/dead-letters', async () => {
    const get = async (path: string, method = 'GET') => {
      const response = await fetch(`${ingress.url}${path}`, { method });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    expect(await get('/_cluster/dead-letters')).toEqual({ status: 200, body: { deadLetters: [stored] } });
    expect(await get('/_cluster/dead-letters/0-7')).toEqual({ status: 200, body: stored });
    expect((await get('/_cluster/dead-letters/0-8')).status).toBe(404);
    expect(await get('/_cluster/dead-letters/abc')).toMatchObject({
      status: 400,
      body: { error: { field: 'id', rule: 'must be <partition>-<offset>' } },
    });
    expect((await get('/_cluster/dead-letters/0-7/replay')).status).toBe(405);
    expect((await get('/_cluster/dead-letters/0-8/replay', 'POST')).status).toBe(404);
    expect(await get('/_cluster/dead-letters/0-7/replay', 'POST')).toMatchObject({
      status: 200,
      body: { results: [{ id: '0-7', result: 'replayed' }] },
    });
    expect((await get('/_cluster/dead-letters/replay', 'POST')).body['results']).toHaveLength(1);
    expect(replayed).toEqual(['0-7', '0-7']);
  });
});
