import { CloudEvent, HTTP } from 'cloudevents';
import type { CloudEventFunction, Context } from 'faas-js-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, metricsRegistry, parseTraceparent, type BidResponseEvent } from '@helios/core';
import { createProfileClient } from '@helios/core/profile';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { startMemoryRedis } from '../../../test/helpers/memory-redis.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../../test/helpers/services.ts';
import { startProfileServer, type ProfileServer } from '../../profile/src/server.ts';
import { startCaptureSink, type CaptureSink } from '../../../test/helpers/capture-sink.ts';
import { bidRequest } from './fixtures.ts';
import { startRuntime } from '../../../test/helpers/start-runtime.ts';
import { seedCampaigns } from './seed-campaigns.ts';

const postgresAvailable = await serviceAvailable('Postgres', TEST_DATABASE_URL);
/** helios_bid_requests_expired_total{when} as the bidder's /metrics shows it. */
async function expiredCount(when: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('helios_bid_requests_expired_total')?.get();
  return metric?.values.find((value) => value.labels['when'] === when)?.value ?? 0;
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe.skipIf(!postgresAvailable)('bidder under faas-js-runtime', () => {
  let database: TestDatabase;
  let profiles: ProfileServer;
  let sink: CaptureSink;
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  let url: string;
  let bidder: typeof import('../src/index.ts');
  let redis: Awaited<ReturnType<typeof startMemoryRedis>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await startMemoryRedis();
    await seedCampaigns(database.database);
    profiles = await startProfileServer({
      port: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      redisUrl: redis.url,
      logger: createLogger({ service: 'profile', level: 'silent' }),
    });
    const seed = createProfileClient({ address: `127.0.0.1:${profiles.port}`, deadlineMs: 2_000 });
    await seed.upsertProfile({ userId: 'sports-fan', interests: [{ category: 'IAB17', score: 0.5 }] });
    seed.close();
    sink = await startCaptureSink();
    Object.assign(process.env, {
      K_SINK: sink.url,
      DATABASE_URL: database.url,
      HELIOS_PROFILE_ADDRESS: `127.0.0.1:${profiles.port}`,
      // generous for a loaded CI machine; the 25 ms default is exercised in index-slow-profile.test.ts
      HELIOS_PROFILE_TIMEOUT_MS: '500',
      HELIOS_LOG_LEVEL: 'silent',
    });
    process.env['REDIS_URL'] = redis.url;
    bidder = await import('../src/index.ts');
    runtime = await startRuntime(bidder);
    url = runtime.url;
  });

  afterAll(async () => {
    await runtime?.close();
    await bidder?.shutdown();
    await profiles?.close();
    await sink?.close();
    await database?.drop();
    await redis?.close();
  });

  beforeEach(() => {
    sink.events.length = 0;
    sink.status = 202;
  });

  function bidRequestEvent(request = bidRequest([1]), receivedAt = new Date()): CloudEvent<unknown> {
    return new CloudEvent<unknown>(
      {
        id: `request:${request.id}`,
        source: '/helios/ingest',
        type: 'dev.helios.bid.request',
        datacontenttype: 'application/json',
        traceparent: TRACEPARENT,
        partitionkey: request.id,
        data: { request, format: 'openrtb', receivedAt: receivedAt.toISOString() },
      },
      false,
    );
  }

  function winEvent(id: string, campaignId: string, winPrice: number, outcome = 'win'): CloudEvent<unknown> {
    return new CloudEvent<unknown>(
      {
        id,
        source: '/helios/auction',
        type: 'dev.helios.auction.outcome',
        datacontenttype: 'application/json',
        outcome,
        data: {
          id: 'r:1',
          requestId: 'r',
          impId: '1',
          campaignId,
          advertiserId: 'adv-a',
          bidPrice: winPrice,
          winPrice,
          floorPrice: 1,
          status: outcome,
          decidedAt: new Date().toISOString(),
        },
      },
      false,
    );
  }

  async function post(message: { headers: Record<string, unknown>; body: unknown }) {
    const response = await fetch(url, {
      method: 'POST',
      headers: message.headers as Record<string, string>,
      body: message.body as string,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as { error: Record<string, unknown> }) : undefined,
    };
  }

  const emitted = () => sink.events.map((event) => event as CloudEvent<BidResponseEvent>);

  it('handle, called directly as a CloudEventFunction with a minimal Context, answers 400 naming type', async () => {
    const handle: CloudEventFunction<unknown> = bidder.handle;
    const event = bidRequestEvent().cloneWith({ type: 'dev.helios.unknown' }, false);
    const result = await handle({ cloudevent: event } as unknown as Context, event);
    expect(result).toMatchObject({ statusCode: 400, body: { error: { field: 'type' } } });
  });

  it('answers a binary-mode bid request for a known user with an enriched bid, emitted to K_SINK', async () => {
    const request = bidRequest([1], { id: 'req-enriched', user: { id: 'sports-fan' } });
    const { status } = await post(HTTP.binary(bidRequestEvent(request)));
    expect(status).toBe(204);
    const [event, ...more] = emitted();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      id: 'response:req-enriched',
      type: 'dev.helios.bid.response',
      source: '/helios/bidder',
      partitionkey: 'req-enriched',
    });
    const data = event!.data!;
    expect(data.enriched).toBe(true);
    // sports: 1 + (4 − 1) × 0.5
    expect(data.response).toMatchObject({
      id: 'req-enriched',
      seatbid: [{ seat: 'adv-a', bid: [{ impid: '1', price: 2.5, cid: 'sports' }] }],
    });
    expect(data.campaigns).toEqual({ 'req-enriched:1': { campaignId: 'sports', advertiserId: 'adv-a' } });
    expect(data.request).toEqual(request);
    const trace = parseTraceparent(event!['traceparent']);
    expect(trace?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('answers a structured-mode bid request for an unknown user unenriched, at the floor', async () => {
    const request = bidRequest([1.25], { id: 'req-unknown', user: { id: 'stranger' } });
    const { status } = await post(HTTP.structured(bidRequestEvent(request)));
    expect(status).toBe(204);
    const data = emitted()[0]!.data!;
    expect(data.enriched).toBe(false);
    expect(data.response.seatbid).toEqual([
      { seat: 'adv-b', bid: [{ id: 'req-unknown:1', impid: '1', price: 1.25, cid: 'everyone' }] },
    ]);
  });

  it('answers the same response id when a bid request is redelivered', async () => {
    const request = bidRequest([1], { id: 'req-twice' });
    await post(HTTP.binary(bidRequestEvent(request)));
    await post(HTTP.binary(bidRequestEvent(request)));
    expect(emitted().map((event) => event.id)).toEqual(['response:req-twice', 'response:req-twice']);
  });

  it('answers a no-bid when no campaign clears the floor', async () => {
    await post(HTTP.binary(bidRequestEvent(bidRequest([9], { id: 'req-floor' }))));
    expect(emitted()[0]!.data!.response).toEqual({ id: 'req-floor', seatbid: [] });
  });

  it('answers a no-bid with nbr 15 (Insufficient Auction Time) once tmax has passed', async () => {
    const request = bidRequest([1], { id: 'req-late', tmax: 100 });
    const expired = () => expiredCount('on_arrival');
    const before = await expired();
    await post(HTTP.binary(bidRequestEvent(request, new Date(Date.now() - 1_000))));
    expect(emitted()[0]!.data!.response).toEqual({ id: 'req-late', seatbid: [], nbr: 15 });
    expect(await expired()).toBe(before + 1);
  });

  it('answers 400 naming the field for a malformed bid request, and emits nothing', async () => {
    const event = bidRequestEvent().cloneWith(
      { data: { request: { id: 'x', imp: [] }, format: 'openrtb', receivedAt: new Date().toISOString() } },
      false,
    );
    const { status, body } = await post(HTTP.binary(event));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: {
        code: 'invalid_field',
        field: 'data.request.imp',
        message: 'data.request.imp must hold at least one imp',
      },
    });
    expect(emitted()).toEqual([]);
  });

  it('answers 400 naming type for an event type it does not handle', async () => {
    const event = bidRequestEvent().cloneWith({ type: 'dev.helios.something.else' }, false);
    const { status, body } = await post(HTTP.binary(event));
    expect(status).toBe(400);
    expect(body?.['error']).toMatchObject({ field: 'type' });
    expect(body?.['error'].message).toContain('"dev.helios.something.else"');
  });

  it('answers 400 for a request that is not a CloudEvent', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"x"}',
    });
    expect(response.status).toBe(400);
  });

  it('answers 503 when K_SINK refuses the response, so the request is redelivered', async () => {
    sink.status = 503;
    const { status, body } = await post(HTTP.binary(bidRequestEvent(bidRequest([1], { id: 'req-sink-down' }))));
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: { code: 'dependency_unavailable' } });
  });

  it('adds a win to its campaign spend once, however often it is redelivered, and stops bidding past the budget', async () => {
    // 9.5 CPM × 1000 wins would be 9.5; one win at 9500 CPM costs 9.5 of the 10 budget
    const win = winEvent('outcome:r-budget:1', 'everyone', 9_500);
    expect((await post(HTTP.binary(win))).status).toBe(204);
    expect((await post(HTTP.binary(win))).status).toBe(204);
    await post(HTTP.binary(bidRequestEvent(bidRequest([1], { id: 'req-under-budget', user: { id: 'stranger' } }))));
    expect(emitted()[0]!.data!.response.seatbid).toHaveLength(1);
    // a second, different win pushes spend to 19 ≥ 10: everyone is out of budget for today
    await post(HTTP.binary(winEvent('outcome:r-budget:2', 'everyone', 9_500)));
    sink.events.length = 0;
    await post(HTTP.binary(bidRequestEvent(bidRequest([1], { id: 'req-over-budget', user: { id: 'stranger' } }))));
    // without a profile and without untargeted budget: the highest maxBid campaign that clears the floor
    expect(emitted()[0]!.data!.response.seatbid).toEqual([
      { seat: 'adv-a', bid: [{ id: 'req-over-budget:1', impid: '1', price: 1, cid: 'sports' }] },
    ]);
    const metrics = await (await fetch(`${url}metrics`)).text();
    expect(metrics).toMatch(/helios_spend_events_total\{result="applied"\} 2/);
    expect(metrics).toMatch(/helios_spend_events_total\{result="duplicate"\} 1/);
  });

  it('acknowledges a lost outcome without spending', async () => {
    expect((await post(HTTP.binary(winEvent('outcome:r-loss:1', 'sports', 3, 'loss')))).status).toBe(204);
  });

  it('answers 400 for a win without its campaign', async () => {
    const win = winEvent('outcome:r-bad:1', '', 3);
    const { status, body } = await post(HTTP.binary(win));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { field: 'data.campaignId' } });
  });

  it('exposes bid and profile metrics on the runtime /metrics', async () => {
    const metrics = await (await fetch(`${url}metrics`)).text();
    expect(metrics).toMatch(/helios_bids_total\{result="bid",enriched="true"\} [1-9]/);
    expect(metrics).toMatch(/helios_bids_total\{result="nobid",enriched="false"\} [1-9]/);
    expect(metrics).toContain('helios_profile_lookup_seconds_bucket');
    expect(metrics).toContain('helios_profile_breaker_state');
  });

  it('reports ready once the campaigns are loaded', async () => {
    expect((await fetch(`${url}health/readiness`)).status).toBe(200);
  });

  it('still bids, unenriched and at the floor, when the profile server is stopped', async () => {
    await profiles.close();
    const request = bidRequest([1.5], { id: 'req-profile-down', user: { id: 'sports-fan' } });
    const { status } = await post(HTTP.binary(bidRequestEvent(request)));
    expect(status).toBe(204);
    const data = emitted()[0]!.data!;
    expect(data.enriched).toBe(false);
    expect(data.response.seatbid![0]!.bid[0]!.price).toBe(1.5);
  });

  it('reports not ready (503) once shut down', async () => {
    await bidder.shutdown();
    expect((await fetch(`${url}health/readiness`)).status).toBe(503);
    expect((await post(HTTP.binary(bidRequestEvent()))).status).toBe(503);
  });
});
