import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '@helios/core/db';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../test/helpers/services.ts';
import { campaignListResponse } from '../src/campaigns-api.ts';
import { healthResponse } from '../src/health-api.ts';
import {
  dailyStatsResponse,
  outcomeDetailResponse,
  outcomeListResponse,
  outcomeStatsResponse,
  winnersResponse,
} from '../src/outcomes-api.ts';
import { buildFixture, insertFixture } from './fixtures.ts';

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const now = new Date('2026-11-21T13:30:00Z');
const fixture = buildFixture({ now });
const BASE = 'http://dashboard.test';
const get = (path: string) => new Request(`${BASE}${path}`);

describe.skipIf(!available)('the outcomes JSON API over Postgres', () => {
  let db: TestDatabase;
  let options: { database: () => TestDatabase['database']; now: Date };

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixture(db.database, fixture);
    options = { database: () => db.database, now };
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('lists outcomes as {count, next, previous, results} in snake_case, 20 a page by default', async () => {
    const response = await outcomeListResponse(get('/api/outcomes/'), options);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.count).toBe(fixture.outcomes.length);
    expect(body.previous).toBeNull();
    expect(body.next).toBe(`${BASE}/api/outcomes/?page=2`);
    expect(body.results).toHaveLength(20);
    const newest = [...fixture.outcomes].sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime())[0]!;
    expect(body.results[0]).toEqual({
      id: newest.id,
      request_id: newest.requestId,
      imp_id: newest.impId,
      user_id: newest.userId,
      site_domain: newest.siteDomain,
      campaign_id: newest.campaignId,
      advertiser_id: newest.advertiserId,
      bid_price: newest.bidPrice,
      win_price: newest.winPrice,
      floor_price: newest.floorPrice,
      win_status: newest.winStatus,
      loss_reason: newest.lossReason,
      enriched: newest.enriched,
      trace_id: newest.traceId,
      decided_at: newest.decidedAt.toISOString(),
    });
  });

  it('keeps the filters in next and previous, and ends them at either end', async () => {
    const wins = fixture.outcomes.filter((o) => o.winStatus).length;
    const response = await outcomeListResponse(get('/api/outcomes/?win_status=true&page_size=5&page=2'), options);
    const body = await response.json();
    expect(body.count).toBe(wins);
    // Page 2 of several is full: an empty page would make the check below pass without looking at a row.
    expect(body.results).toHaveLength(5);
    expect(body.results.every((row: { win_status: boolean }) => row.win_status)).toBe(true);
    expect(body.previous).toBe(`${BASE}/api/outcomes/?win_status=true&page_size=5&page=1`);
    expect(body.next).toBe(`${BASE}/api/outcomes/?win_status=true&page_size=5&page=3`);
    const last = await (
      await outcomeListResponse(get(`/api/outcomes/?win_status=true&page_size=5&page=${Math.ceil(wins / 5)}`), options)
    ).json();
    expect(last.next).toBeNull();
  });

  it('answers the smoke collection filters: user and price band', async () => {
    const byUser = await (
      await outcomeListResponse(get('/api/outcomes/?user_id=user-001&page_size=5'), options)
    ).json();
    expect(byUser.results.length).toBe(5);
    expect(byUser.results.every((row: { user_id: string }) => row.user_id === 'user-001')).toBe(true);
    const band = await (
      await outcomeListResponse(get('/api/outcomes/?min_price=0.30&max_price=1.00&page_size=100'), options)
    ).json();
    expect(band.results.length).toBeGreaterThan(0);
    for (const row of band.results) {
      const price = Number(row.win_price || row.bid_price || 0);
      expect(price).toBeGreaterThanOrEqual(0.3);
      expect(price).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['page_size=0', 'page_size', 'page_size must be an integer in [1, 100]'],
    ['page_size=101', 'page_size', 'page_size must be an integer in [1, 100]'],
    ['page_size=ten', 'page_size', 'page_size must be an integer in [1, 100]'],
    ['page=0', 'page', 'page must be an integer at least 1'],
    ['page=1.5', 'page', 'page must be an integer at least 1'],
    ['win_status=maybe', 'win_status', 'win_status must be true or false'],
    ['min_price=-1', 'min_price', 'min_price must be a number at least 0'],
    ['max_price=cheap', 'max_price', 'max_price must be a number at least 0'],
    ['min_price=2&max_price=1', 'max_price', 'max_price must be at least min_price'],
  ])('answers 400 JSON to ?%s', async (query, field, message) => {
    const response = await outcomeListResponse(get(`/api/outcomes/?${query}`), options);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_field', message, field, rule: message.slice(field.length + 1) },
    });
  });

  it('shows one outcome by id, and answers 404 JSON for an unknown one', async () => {
    const source = fixture.outcomes[3]!;
    const found = await outcomeDetailResponse(
      get(`/api/outcomes/${encodeURIComponent(source.id)}/`),
      source.id,
      options,
    );
    expect(found.status).toBe(200);
    expect((await found.json()).id).toBe(source.id);
    const missing = await outcomeDetailResponse(get('/api/outcomes/nope/'), 'nope', options);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: 'not_found', message: 'outcome "nope" was not found' });
  });

  it('gives the stats the smoke collection checks, as numbers', async () => {
    const body = await (await outcomeStatsResponse(get('/api/outcomes/stats/'), options)).json();
    const wins = fixture.outcomes.filter((o) => o.winStatus).length;
    expect(body).toMatchObject({
      total_outcomes: fixture.outcomes.length,
      total_wins: wins,
      total_losses: fixture.outcomes.length - wins,
    });
    for (const key of ['win_rate', 'total_spend', 'average_win_price', 'average_bid_price', 'enriched_share']) {
      expect(typeof body[key]).toBe('number');
    }
    const filtered = await (await outcomeStatsResponse(get('/api/outcomes/stats/?user_id=user-003'), options)).json();
    expect(filtered.total_outcomes).toBe(fixture.outcomes.filter((o) => o.userId === 'user-003').length);
  });

  it('lists winners as a bare array, limit honoured', async () => {
    const response = await winnersResponse(get('/api/outcomes/winners/?limit=3'), options);
    const body = await response.json();
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(3);
    expect(body.every((row: { win_status: boolean }) => row.win_status)).toBe(true);
    expect((await winnersResponse(get('/api/outcomes/winners/?limit=500'), options)).status).toBe(400);
  });

  it('gives daily stats per UTC day, and rejects a window over a year', async () => {
    const body = await (await dailyStatsResponse(get('/api/outcomes/daily_stats/?days=2'), options)).json();
    expect(body.map((day: { date: string }) => day.date)).toEqual(['2026-11-21', '2026-11-20']);
    expect(Object.keys(body[0]).sort()).toEqual(['date', 'losses', 'outcomes', 'spend', 'win_rate', 'wins']);
    expect((await dailyStatsResponse(get('/api/outcomes/daily_stats/?days=367'), options)).status).toBe(400);
  });

  it('lists campaigns with advertiser, spend, wins and win rate', async () => {
    const body = await (await campaignListResponse(get('/api/campaigns/'), options)).json();
    expect(body.map((c: { id: string }) => c.id).sort()).toEqual(fixture.campaigns.map((c) => c.id).sort());
    const shoes = body.find((c: { id: string }) => c.id === 'camp-shoes');
    expect(shoes).toMatchObject({
      advertiser_id: 'adv-acme',
      advertiser_name: 'Acme Outdoor',
      daily_budget: 50,
      active: true,
    });
    expect(shoes.wins).toBe(fixture.outcomes.filter((o) => o.campaignId === 'camp-shoes' && o.winStatus).length);
    for (const key of ['spend', 'spend_today', 'win_rate', 'budget_used_today'])
      expect(typeof shoes[key]).toBe('number');
  });

  it('reports health 200 with the database up', async () => {
    const response = await healthResponse(options);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up' });
  });
});

describe('the API without a reachable database', () => {
  // Port 1 on loopback refuses at once: an unreachable database without waiting for a timeout.
  const unreachable = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
  unreachable.$client.on('error', () => {});
  afterAll(async () => {
    await unreachable.$client.end();
  });

  it('reports health 503 with the reason', async () => {
    const response = await healthResponse({ database: () => unreachable });
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'unavailable', database: 'down', error: { code: 'dependency_unavailable' } });
    expect(body.error.message).toMatch(/^database is unavailable/);
  });

  it('answers 503 JSON on the list, so that a client retries later', async () => {
    const response = await outcomeListResponse(get('/api/outcomes/'), { database: () => unreachable });
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('dependency_unavailable');
  });

  it('still answers 400 for a bad parameter, before it needs the database', async () => {
    const response = await outcomeListResponse(get('/api/outcomes/?page_size=1000'), { database: () => unreachable });
    expect(response.status).toBe(400);
  });
});
