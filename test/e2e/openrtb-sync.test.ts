/**
 * Issue 8: POST /openrtb2/bid answered from the pipeline, through the local cluster's RequestReply (embedded
 * log and database). Every OpenRTB example request is answered 200 (a valid BidResponse) or 204; a deadline
 * that passes first gives a no-bid and later an outcome stored as not submitted, with no spend; two ingest
 * instances each get their own replies. Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCluster, type LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import { acceptsConnections } from '../../cluster/local/src/supervisor/readiness.ts';
import { freePort } from '../helpers/free-port.ts';
import { openRtbExamples } from '../helpers/openrtb-examples.ts';
import { bidResponseProblems } from '../helpers/validate-bid-response.ts';

const root = path.resolve(import.meta.dirname, '../..');
let cluster: LocalCluster;
let secondIngest: ChildProcess | undefined;
let secondIngestUrl: string;

beforeAll(async () => {
  cluster = await createLocalCluster({
    port: 0,
    host: '127.0.0.1',
    kafkaBrokers: [],
    seed: true,
    seedProfiles: 50,
    dashboard: false,
    logLevel: 'warn',
    output: null,
    rootDir: root,
  });
  // A second ingest, as Knative would run a second pod: its own process, the same RequestReply address.
  const port = await freePort();
  secondIngest = spawn(process.execPath, [path.join(root, 'functions/ingest/build/server.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      FUNC_PORT: String(port),
      K_SINK: cluster.requestReplyUrl('bid-requests'),
      HELIOS_REQUEST_REPLY_URL: cluster.requestReplyUrl('bid-requests'),
      HELIOS_LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  secondIngestUrl = `http://127.0.0.1:${port}`;
  while (!(await acceptsConnections('127.0.0.1', port, 200))) await new Promise((resolve) => setTimeout(resolve, 100));
}, 600_000);

afterAll(async () => {
  secondIngest?.kill('SIGTERM');
  await cluster?.close();
});

function post(base: string, request: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/openrtb2/bid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openrtb-version': '2.6', ...headers },
    body: JSON.stringify(request),
  });
}

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The spec's simple banner example (OpenRTB 2.6 example 1). */
function exampleBanner() {
  return openRtbExamples().find(({ name }) => name.includes('ex1-simple-banner'))!.request;
}

describe('POST /openrtb2/bid through the local cluster', () => {
  it.each(openRtbExamples())('answers %s with a valid BidResponse or a no-bid', async ({ request }) => {
    const response = await post(cluster.url, request);
    expect([200, 204]).toContain(response.status);
    if (response.status === 200) expect(bidResponseProblems(await response.json(), request)).toEqual([]);
  });

  it('bids on the spec example banner with the campaign creative, its markup and notices', async () => {
    const request = exampleBanner();
    // No user the demo profiles know: the untargeted campaign bids at the floor.
    const response = await post(cluster.url, { ...request!, id: 'sync-banner-1', tmax: 5_000 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: string; bidid: string; cur: string; seatbid: { bid: Record<string, unknown>[] }[] };
    expect(bidResponseProblems(body, { ...request!, id: 'sync-banner-1' })).toEqual([]);
    expect(body).toMatchObject({ id: 'sync-banner-1', cur: 'USD' });
    expect(body.bidid).toEqual(expect.any(String));
    expect(body.seatbid[0]!.bid[0]).toMatchObject({ impid: '1', w: 300, h: 250, mtype: 1, adm: expect.stringContaining('<a ') });
    expect(body.seatbid[0]!.bid[0]!['burl']).toContain('${AUCTION_PRICE}');
  });

  it('answers 400 naming the header for an unsupported major OpenRTB version', async () => {
    const request = exampleBanner();
    const response = await post(cluster.url, request!, { 'x-openrtb-version': '3.0' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('x-openrtb-version');
  });

  it('answers no-bid when the deadline passes first, counts it, and stores the late decision as not submitted', async () => {
    const request = exampleBanner();
    const id = `sync-late-${Date.now()}`;
    const response = await post(cluster.url, { ...request!, id, tmax: 1 }, { prefer: 'return=representation' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, nbr: 15 });

    const metrics = await (await fetch(`${cluster.serviceUrl('ingest')}/metrics`)).text();
    expect(metrics).toMatch(/helios_ingest_sync_answers_total\{result="deadline"\} [1-9]/);

    const client = new pg.Client({ connectionString: cluster.database.url });
    await client.connect();
    try {
      const row = await eventually(async () => {
        const result = await client.query('select submitted, win_status, win_price, bid_price from auction_outcomes where request_id = $1', [id]);
        return result.rows[0] as { submitted: boolean; win_status: boolean; win_price: string | null; bid_price: string | null } | undefined;
      });
      expect(row).toMatchObject({ submitted: false, win_status: false, win_price: null });
      expect(row.bid_price).not.toBeNull();
    } finally {
      await client.end();
    }
  });

  it('gives each of two ingest instances the replies to its own requests', async () => {
    const request = exampleBanner();
    const bases = [cluster.url, secondIngestUrl];
    const ids = Array.from({ length: 20 }, (_, index) => `sync-two-${index}`);
    const answers = await Promise.all(
      ids.map(async (id, index) => {
        const response = await post(bases[index % 2]!, { ...request!, id, tmax: 10_000 }, { prefer: 'return=representation' });
        return { id, status: response.status, body: (await response.json()) as { id: string; nbr?: number; seatbid?: unknown[] } };
      }),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.id).toBe(answer.id);
      // nbr 15 would be the deadline's no-bid: every answer must be the bidder's own reply.
      expect(answer.body.nbr).not.toBe(15);
    }
  });
});
