/**
 * The whole of Helios through its one front door, as `npm start` runs it: embedded event log, embedded
 * database, every function as its own process, the dashboard's JSON API. Needs `npm run build` (root
 * `npm test` runs it); the dashboard is built here when its build is missing or stale.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalCluster, type LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import { loadRouting } from '../../cluster/local/src/routing/load-routing.ts';
import { liveProcessesInGroup } from '../../cluster/local/src/supervisor/process-group.ts';
import { readFixtureJson } from '../helpers/fixture-path.ts';

const root = path.resolve(import.meta.dirname, '../..');
const DEMO_BID = {
  request_id: 'demo-001',
  user_id: 'user-001',
  site: { domain: 'example.com' },
  device: { ip: '192.0.2.1' },
};

interface OutcomeJson {
  id: string;
  request_id: string;
  imp_id: string;
  user_id: string | null;
  win_status: boolean;
  trace_id: string | null;
  enriched: boolean;
  bid_price: number | null;
  floor_price: number;
}

let cluster: LocalCluster;
const progress: string[] = [];
const startedAt = performance.now();

beforeAll(async () => {
  cluster = await createLocalCluster({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    redisUrl: undefined,
    kafkaBrokers: [],
    dataDir: undefined,
    seed: true,
    dashboard: true,
    logLevel: 'warn',
    output: null,
    onProgress: (message) => progress.push(`${Math.round(performance.now() - startedAt)} ms  ${message}`),
    rootDir: root,
  });
  console.info(
    `local cluster up in ${Math.round(performance.now() - startedAt)} ms:\n${progress.filter((line) => !line.includes('dashboard build:')).join('\n')}`,
  );
}, 600_000);

afterAll(async () => {
  if (!cluster) return;
  const groups = cluster.processGroups();
  await cluster.close();
  // Every process the cluster started (shells, functions, next) is gone.
  for (const group of groups) expect(liveProcessesInGroup(group)).toEqual([]);
}, 60_000);

function postBid(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${cluster.url}/bid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function outcomes(query: string): Promise<OutcomeJson[]> {
  const response = await fetch(`${cluster.url}/api/outcomes/?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: OutcomeJson[] }).results;
}

/** Polls the outcomes API until `query` lists at least `count` outcomes; resolves them and how long it took. */
async function waitForOutcomes(
  query: string,
  count = 1,
  timeoutMs = 15_000,
): Promise<{ results: OutcomeJson[]; ms: number }> {
  const started = performance.now();
  for (;;) {
    const results = await outcomes(query);
    if (results.length >= count) return { results, ms: Math.round(performance.now() - started) };
    if (performance.now() - started > timeoutMs)
      throw new Error(`no ${count} outcome(s) for ${query} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface HealthAnswer {
  status: number;
  body: { status: string; components: Record<string, string> };
}

/** Polls /healthz until an answer satisfies `wanted`, and returns it; fails after 20 s with the last answer. */
function waitForHealth(wanted: (health: HealthAnswer) => boolean): Promise<HealthAnswer> {
  return vi.waitFor(
    async () => {
      const response = await fetch(`${cluster.url}/healthz`);
      const answer = { status: response.status, body: (await response.json()) as HealthAnswer['body'] };
      if (!wanted(answer)) throw new Error(`/healthz answered ${JSON.stringify(answer)}`);
      return answer;
    },
    { timeout: 20_000, interval: 10 },
  );
}

/** How many redelivered outcome events analytics has dropped as duplicates (its own metric). */
async function analyticsDuplicates(): Promise<number> {
  const metrics = await (await fetch(new URL('/metrics', cluster.serviceUrl('analytics')!))).text();
  return Number(/^helios_outcomes_stored_total\{result="duplicate"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
}

const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('the local cluster, end to end', () => {
  it('accepts the demo bid and lists its outcome for user-001 within seconds', async () => {
    const sent = performance.now();
    const response = await postBid(JSON.stringify(DEMO_BID));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ request_id: 'demo-001' });
    const { results } = await waitForOutcomes('user_id=user-001&request_id=demo-001');
    const latency = Math.round(performance.now() - sent);
    console.info(`demo bid → outcome listed by the API in ${latency} ms`);
    expect(results[0]).toMatchObject({ request_id: 'demo-001', user_id: 'user-001', imp_id: '1' });
    // The very first bid after start is priced from user-001's profile: the bidder connects to profile
    // before it reports ready, so the first lookup does not time out on connection set-up.
    const [outcome] = results;
    expect(outcome).toMatchObject({ enriched: true });
    expect(outcome?.bid_price).toBeGreaterThan(outcome?.floor_price ?? Infinity);
  });

  it('turns a bid in each format into outcomes: Helios JSON, OpenRTB 2.6, CloudEvent binary', async () => {
    const heliosId = uniqueId('helios');
    const helios = await postBid(JSON.stringify({ ...DEMO_BID, request_id: heliosId, user_id: 'user-002' }));
    expect(helios.status).toBe(202);

    const fixture = readFixtureJson<{ id: string }>('openrtb/bidrequest-ex1-simple-banner.json');
    const openrtbId = uniqueId(fixture.id);
    const openrtb = await postBid(JSON.stringify({ ...fixture, id: openrtbId }));
    expect(openrtb.status).toBe(202);

    const cloudEventId = uniqueId('ce');
    const cloudEvent = await postBid(JSON.stringify({ ...DEMO_BID, request_id: cloudEventId, user_id: 'user-003' }), {
      'ce-specversion': '1.0',
      'ce-id': uniqueId('event'),
      'ce-source': '/e2e/exchange',
      'ce-type': 'com.example.bid.request',
    });
    expect(cloudEvent.status).toBe(202);

    for (const requestId of [heliosId, openrtbId, cloudEventId]) {
      const { results } = await waitForOutcomes(`request_id=${requestId}`);
      expect(results.every((outcome) => outcome.request_id === requestId)).toBe(true);
    }
  });

  it('stores the trace id of the traceparent sent with the bid on the outcome', async () => {
    const traceId = randomBytes(16).toString('hex');
    const requestId = uniqueId('traced');
    const response = await postBid(JSON.stringify({ ...DEMO_BID, request_id: requestId }), {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    });
    expect(response.status).toBe(202);
    const { results } = await waitForOutcomes(`request_id=${requestId}`);
    expect(results[0]!.trace_id).toBe(traceId);
  });

  it('stores a bid sent twice once: the second copy reaches analytics and is absorbed there', async () => {
    const duplicatesBefore = await analyticsDuplicates();
    const requestId = uniqueId('twice');
    const body = JSON.stringify({ ...DEMO_BID, request_id: requestId, user_id: 'user-004' });
    expect((await postBid(body)).status).toBe(202);
    expect((await postBid(body)).status).toBe(202);
    await waitForOutcomes(`request_id=${requestId}`);
    // Counting rows alone cannot see a doubled effect (the table is unique per event): wait until the second
    // copy has come through every stage to analytics, which reports it as a duplicate, then count.
    await vi.waitFor(async () => expect(await analyticsDuplicates()).toBeGreaterThan(duplicatesBefore), {
      timeout: 30_000,
      interval: 50,
    });
    expect(await outcomes(`request_id=${requestId}`)).toHaveLength(1);
  });

  it('answers a malformed bid 400 with JSON naming the field', async () => {
    const response = await postBid(JSON.stringify({ ...DEMO_BID, request_id: 42 }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { error: { field?: string; message: string } };
    // The JSON path of the field, in prebid's form: request.request_id.
    expect(body.error.field).toMatch(/(^|\.)request_id$/);
    expect(body.error.message).toContain('request_id');
  });

  it('answers a 70 KiB body 413', async () => {
    const response = await postBid(JSON.stringify({ ...DEMO_BID, padding: 'x'.repeat(70 * 1024) }));
    expect(response.status).toBe(413);
  });

  it('reports every component ready on /healthz', async () => {
    const response = await fetch(`${cluster.url}/healthz`);
    const body = (await response.json()) as { status: string; components: Record<string, string> };
    expect(response.status).toBe(200);
    const expected = [...cluster.routing.functions.map((fn) => fn.name), 'eventLog', 'database', 'dashboard'];
    expect(Object.keys(body.components).sort()).toEqual(expected.sort());
    for (const name of expected) expect(body.components[name]).toBe('ready');
  });

  it('shows on /_cluster/routes the wiring loadRouting reads from eventing/', async () => {
    const routing = await loadRouting({
      eventingDir: path.join(root, 'eventing'),
      functionsDir: path.join(root, 'functions'),
    });
    const routes = (await (await fetch(`${cluster.url}/_cluster/routes`)).json()) as {
      subscriptions: {
        kind: string;
        name: string;
        topics: string[];
        group: string;
        ordering: string;
        filter: unknown;
        subscriber: { function: string; url: string };
      }[];
      bindings: { function: string; sink: string; topic: string }[];
      sinks: { name: string; topic: string; url: string }[];
    };
    expect(routes.subscriptions).toHaveLength(routing.subscriptions.length);
    for (const subscription of routing.subscriptions) {
      const shown = routes.subscriptions.find((candidate) => candidate.name === subscription.name);
      expect(shown).toMatchObject({
        kind: subscription.kind,
        topics: subscription.topics,
        group: subscription.group,
        ordering: subscription.ordering,
        filter: JSON.parse(JSON.stringify(subscription.filter)) as unknown,
        subscriber: {
          function: subscription.subscriber.function,
          url: new URL(subscription.subscriber.path, cluster.serviceUrl(subscription.subscriber.function)!).toString(),
        },
      });
    }
    expect(
      routes.bindings
        .map(({ function: fn, sink }) => ({ function: fn, sink }))
        .sort((a, b) => a.function.localeCompare(b.function)),
    ).toEqual(
      routing.bindings
        .map(({ function: fn, sink }) => ({ function: fn, sink }))
        .sort((a, b) => a.function.localeCompare(b.function)),
    );
    for (const sink of routes.sinks)
      expect(routing.sinks.find((candidate) => candidate.name === sink.name)?.topic).toBe(sink.topic);
  });

  it('restarts a function that crashed, reports it on /healthz meanwhile, and loses no bid', async () => {
    const auction = cluster.processes().find((process) => process.name === 'auction')!;
    process.kill(-auction.processGroups.at(-1)!, 'SIGKILL');
    const requestId = uniqueId('during-crash');
    expect((await postBid(JSON.stringify({ ...DEMO_BID, request_id: requestId }))).status).toBe(202);
    // The supervisor waits before restarting, and auction then has to start: /healthz must say so meanwhile.
    const degraded = await waitForHealth((health) => health.status === 503);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.components['auction']).not.toBe('ready');
    // The bid sent while auction was down is redelivered to it once it is back.
    await waitForOutcomes(`request_id=${requestId}`, 1, 30_000);
    const recovered = await waitForHealth((health) => health.status === 200);
    expect(recovered.body.status).toBe('ok');
    expect(recovered.body.components['auction']).toBe('ready');
    expect(cluster.processes().find((process) => process.name === 'auction')!.restarts).toBe(1);
  });
});
