import { eq } from 'drizzle-orm';
import { HTTP, type CloudEvent } from 'cloudevents';
import type { CloudEventFunction, Context } from 'faas-js-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@helios/core/db';
import { startRuntime } from '../../../test/helpers/start-runtime.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { TEST_DATABASE_URL, serviceAvailable } from '../../../test/helpers/services.ts';
import { TRACE_ID, outcomeCloudEvent, wonOutcome } from './fixtures.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);

describe.skipIf(!available)('analytics under faas-js-runtime, on a real Postgres', () => {
  let testDatabase: TestDatabase;
  let proxy: TcpProxy;
  let runtime: Awaited<ReturnType<typeof startRuntime>> | undefined;
  let url: string;
  let analytics: typeof import('../src/index.ts');

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    // The function reaches the database through a proxy the tests can take down and bring back.
    const databaseUrl = new URL(testDatabase.url);
    proxy = await startTcpProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
    databaseUrl.hostname = '127.0.0.1';
    databaseUrl.port = String(proxy.port);
    process.env['DATABASE_URL'] = databaseUrl.toString();
    process.env['HELIOS_DATABASE_TIMEOUT_MS'] = '1000';
    process.env['HELIOS_LOG_LEVEL'] = 'silent';
    analytics = await import('../src/index.ts');
    runtime = await startRuntime(analytics);
    url = runtime.url;
  });

  afterAll(async () => {
    await runtime?.close();
    await analytics?.shutdown();
    await proxy?.close();
    await testDatabase?.drop();
  });

  const rowsOf = (id: string) =>
    testDatabase.database.select().from(schema.auctionOutcomes).where(eq(schema.auctionOutcomes.id, id));

  async function post(message: { headers: Record<string, unknown>; body: unknown }) {
    const response = await fetch(url, {
      method: 'POST',
      headers: message.headers as Record<string, string>,
      body: message.body as string,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  it('stores a binary-mode outcome event as one row with the right columns, answering 204 with no body', async () => {
    const outcome = wonOutcome('index-binary');
    const { status, body } = await post(HTTP.binary(outcomeCloudEvent(outcome)));
    expect(status).toBe(204);
    expect(body).toBeUndefined();
    const rows = await rowsOf(outcome.id);
    expect(rows).toEqual([
      {
        id: 'index-binary:1',
        eventSource: '/helios/auction',
        eventId: 'outcome:index-binary:1',
        requestId: 'index-binary',
        impId: '1',
        userId: '55816b39711f9b5acf3b90e313ed29e51665623f',
        siteDomain: 'www.foobar.com',
        campaignId: 'campaign-1',
        advertiserId: 'advertiser-1',
        bidPrice: 1.25,
        winPrice: 0.8123,
        floorPrice: 0.03,
        winStatus: true,
        lossReason: null,
        enriched: true,
        traceId: TRACE_ID,
        decidedAt: new Date('2026-11-21T10:00:00.010Z'),
        storedAt: expect.any(Date),
      },
    ]);
  });

  it('stores a structured-mode loss', async () => {
    const outcome = { ...wonOutcome('index-structured'), status: 'loss', winPrice: null, lossReason: 102 };
    expect((await post(HTTP.structured(outcomeCloudEvent(outcome)))).status).toBe(204);
    expect(await rowsOf(outcome.id)).toEqual([
      expect.objectContaining({ winStatus: false, winPrice: null, lossReason: 102 }),
    ]);
  });

  it('stores an event delivered twice, or many times at once, as one row, answering 2xx every time', async () => {
    const again = HTTP.binary(outcomeCloudEvent(wonOutcome('index-twice')));
    expect((await post(again)).status).toBe(204);
    expect((await post(again)).status).toBe(204);
    expect(await rowsOf('index-twice:1')).toHaveLength(1);

    const concurrent = HTTP.binary(outcomeCloudEvent(wonOutcome('index-concurrent')));
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await post(concurrent)).status));
    expect(statuses).toEqual(new Array(10).fill(204));
    expect(await rowsOf('index-concurrent:1')).toHaveLength(1);
  });

  it.each([
    ['another event type', { type: 'dev.helios.bid.response' }, wonOutcome('index-bad-1'), 'type'],
    ['a win without price', {}, { ...wonOutcome('index-bad-2'), winPrice: null }, 'data.winPrice'],
    ['no decision time', {}, { ...wonOutcome('index-bad-3'), decidedAt: undefined }, 'data.decidedAt'],
  ])('answers %s with 400 JSON naming the field, storing nothing', async (_name, attributes, data, field) => {
    const { status, body } = await post(HTTP.binary(outcomeCloudEvent(data, attributes)));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: { code: 'invalid_field', field, message: expect.stringMatching(`^${field} `) },
    });
    expect(await rowsOf(data.id)).toHaveLength(0);
  });

  it('is ready while the database answers, and answers 503 while it is down, storing the redelivery once back', async () => {
    expect((await fetch(`${url}health/readiness`)).status).toBe(200);
    await proxy.down();
    try {
      const message = HTTP.binary(outcomeCloudEvent(wonOutcome('index-down')));
      const { status, body } = await post(message);
      expect(status).toBe(503);
      expect(body).toMatchObject({ error: { code: 'dependency_unavailable' } });
      expect((await fetch(`${url}health/readiness`)).status).toBe(503);
      await proxy.up();
      expect((await post(message)).status).toBe(204);
      expect(await rowsOf('index-down:1')).toHaveLength(1);
      expect((await fetch(`${url}health/readiness`)).status).toBe(200);
    } finally {
      await proxy.up().catch(() => undefined);
    }
  });

  it('counts stored outcomes on the runtime /metrics endpoint', async () => {
    const metrics = await (await fetch(`${url}metrics`)).text();
    expect(metrics).toMatch(/helios_outcomes_stored_total\{result="inserted"\} [1-9]/);
    expect(metrics).toMatch(/helios_outcomes_stored_total\{result="duplicate"\} [1-9]/);
    expect(metrics).toMatch(/helios_outcomes_stored_total\{result="failed"\} [1-9]/);
  });

  it('is a CloudEventFunction whose handle stores an event called directly', async () => {
    const handle: CloudEventFunction<unknown> = analytics.handle;
    const event: CloudEvent<unknown> = outcomeCloudEvent(wonOutcome('index-direct'));
    const context = minimalContext(event);
    expect(await handle(context, event)).toBeUndefined();
    expect(await rowsOf('index-direct:1')).toHaveLength(1);
  });

  it('records a dead letter once per source, id and destination, and never stores it as an outcome', async () => {
    const outcome = wonOutcome('index-dead-letter');
    const deadLetter = outcomeCloudEvent(outcome, {
      knativeerrordest: 'http://analytics.helios.svc.cluster.local/',
      knativeerrorcode: '503',
      knativeerrordata: Buffer.from('{"error":{"code":"dependency_unavailable"}}').toString('base64'),
    });
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await post(HTTP.binary(deadLetter))).status).toBe(204);
    }
    const recorded = await testDatabase.database
      .select()
      .from(schema.deadLetters)
      .where(eq(schema.deadLetters.eventId, 'outcome:index-dead-letter:1'));
    expect(recorded).toEqual([
      {
        eventSource: '/helios/auction',
        eventId: 'outcome:index-dead-letter:1',
        eventType: 'dev.helios.auction.outcome',
        destination: 'http://analytics.helios.svc.cluster.local/',
        errorCode: 503,
        reason: '{"error":{"code":"dependency_unavailable"}}',
        recordedAt: expect.any(Date),
      },
    ]);
    expect(await rowsOf(outcome.id)).toEqual([]);
  });
});

/** The parts of a faas-js-runtime Context a CloudEvent handler may touch. */
function minimalContext(event: CloudEvent<unknown>): Context {
  const ignore = () => undefined;
  const context: Partial<Context> = {
    log: { debug: ignore, info: ignore, warn: ignore, error: ignore, fatal: ignore, trace: ignore },
    method: 'POST',
    headers: {},
    cloudevent: event,
  };
  return context as Context;
}
