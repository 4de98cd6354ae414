import { CloudEvent, HTTP } from 'cloudevents';
import type { CloudEventFunction, Context } from 'faas-js-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTraceparent, type AuctionOutcome, type BidResponseEvent } from '@helios/core';
import { startRuntime } from '../../../test/helpers/start-runtime.ts';
import { startCaptureSink, type CaptureSink } from '../../../test/helpers/capture-sink.ts';
import { bidResponseEvent, firstPriceRequest, secondPriceRequest } from './fixtures.ts';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let sink: CaptureSink;
let runtime: Awaited<ReturnType<typeof startRuntime>> | undefined;
let url: string;
let auction: typeof import('../src/index.ts');

beforeAll(async () => {
  sink = await startCaptureSink();
  process.env['K_SINK'] = sink.url;
  process.env['HELIOS_LOG_LEVEL'] = 'silent';
  auction = await import('../src/index.ts');
  runtime = await startRuntime(auction);
  url = runtime.url;
});

afterAll(async () => {
  await runtime?.close();
  await sink?.close();
});

beforeEach(() => {
  sink.events.length = 0;
  sink.headers.length = 0;
  sink.status = 202;
});

function bidResponse(data: unknown, attributes: Record<string, string> = {}): CloudEvent<unknown> {
  const id = (data as BidResponseEvent | undefined)?.request?.id ?? 'unknown';
  return new CloudEvent<unknown>(
    {
      id: `response:${id}`,
      source: '/helios/bidder',
      type: 'dev.helios.bid.response',
      datacontenttype: 'application/json',
      data,
      traceparent: TRACEPARENT,
      ...attributes,
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
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const twoImps = () => ({
  ...secondPriceRequest(),
  imp: [
    { id: '1', bidfloor: 0.5 },
    { id: '2', bidfloor: 0.5 },
  ],
});

describe('auction under faas-js-runtime', () => {
  it('auctions a binary-mode bid response and emits one outcome event per imp to K_SINK', async () => {
    const request = twoImps();
    const { status, body } = await post(HTTP.binary(bidResponse(bidResponseEvent(request, { '1': 5 }))));
    expect(status).toBe(204);
    expect(body).toBeUndefined();
    const byImp = new Map(sink.events.map((event) => [(event.data as AuctionOutcome).impId, event]));
    expect([...byImp.keys()].sort()).toEqual(['1', '2']);
    expect(byImp.get('1')).toMatchObject({
      id: `outcome:${request.id}:1`,
      type: 'dev.helios.auction.outcome',
      source: '/helios/auction',
      outcome: 'win',
      partitionkey: 'campaign-1',
      data: { requestId: request.id, impId: '1', status: 'win', bidPrice: 5, campaignId: 'campaign-1' },
    });
    expect(byImp.get('2')).toMatchObject({
      id: `outcome:${request.id}:2`,
      outcome: 'loss',
      partitionkey: request.id,
      data: { status: 'loss', bidPrice: null, lossReason: 500 },
    });
    for (const event of sink.events) {
      const trace = parseTraceparent(event['traceparent']);
      expect(trace?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(trace?.spanId).not.toBe('00f067aa0ba902b7');
    }
    expect(sink.headers.every((headers) => headers['content-type']?.startsWith('application/json'))).toBe(true);
  });

  it('auctions a structured-mode bid response the same way', async () => {
    const request = firstPriceRequest();
    expect((await post(HTTP.structured(bidResponse(bidResponseEvent(request, { '1': 2 }))))).status).toBe(204);
    expect(sink.events).toHaveLength(1);
    expect(sink.events[0]).toMatchObject({ id: `outcome:${request.id}:1`, data: { status: 'win', winPrice: 2 } });
  });

  it('emits the same outcome events again when the bid response is redelivered', async () => {
    const message = HTTP.binary(bidResponse(bidResponseEvent(twoImps(), { '1': 0.6, '2': 0.7 })));
    await post(message);
    await post(message);
    const [first, second] = [sink.events.slice(0, 2), sink.events.slice(2)];
    const summary = (event: CloudEvent<unknown>) => {
      const { decidedAt: _decidedAt, ...outcome } = event.data as AuctionOutcome;
      return { id: event.id, outcome };
    };
    expect(second.map(summary).sort(byId)).toEqual(first.map(summary).sort(byId));
  });

  it.each([
    [
      'another event type',
      () => HTTP.binary(bidResponse(bidResponseEvent(firstPriceRequest(), {}), { type: 'dev.helios.bid.request' })),
      'type',
      'type must be dev.helios.bid.response',
    ],
    [
      'a request without id',
      () => HTTP.binary(bidResponse({ ...bidResponseEvent(firstPriceRequest(), {}), request: { imp: [{ id: '1' }] } })),
      'data.request.id',
      'data.request.id must be a non-empty string',
    ],
    [
      'no enriched flag',
      () => HTTP.structured(bidResponse({ ...bidResponseEvent(firstPriceRequest(), {}), enriched: undefined })),
      'data.enriched',
      'data.enriched must be true or false',
    ],
    [
      'a plain JSON body',
      () => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bidResponseEvent(firstPriceRequest(), {})),
      }),
      'request',
      'request must be a CloudEvent (binary or structured content mode)',
    ],
  ])('answers %s with 400 JSON naming the field, and emits nothing', async (_name, message, field, text) => {
    const { status, body } = await post(message());
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid_field', field, message: text, rule: expect.any(String) } });
    expect(sink.events).toHaveLength(0);
  });

  it('answers 503 when K_SINK fails, so the bid response is redelivered', async () => {
    sink.status = 503;
    const { status, body } = await post(HTTP.binary(bidResponse(bidResponseEvent(firstPriceRequest(), { '1': 1 }))));
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: { code: 'dependency_unavailable' } });
  });

  it('counts auctions on the runtime /metrics endpoint', async () => {
    await post(HTTP.binary(bidResponse(bidResponseEvent(firstPriceRequest(), { '1': 1 }))));
    const metrics = await (await fetch(`${url}metrics`)).text();
    expect(metrics).toMatch(/helios_auctions_total\{status="win"\} [1-9]/);
    expect(metrics).toMatch(/helios_auctions_total\{status="invalid"\} [1-9]/);
    expect(metrics).toContain('faas_invocations');
  });
});

describe('auction handle, called directly', () => {
  it('is a CloudEventFunction that emits outcomes and answers nothing', async () => {
    const handle: CloudEventFunction<unknown> = auction.handle;
    const event = bidResponse(bidResponseEvent(firstPriceRequest(), { '1': 1 }));
    const context = minimalContext(event);
    expect(await handle(context, event)).toBeUndefined();
    expect(sink.events).toHaveLength(1);
  });

  it('returns a 400 response for an event without data', async () => {
    const event = bidResponse(undefined);
    const context = minimalContext(event);
    expect(await auction.handle(context, event)).toMatchObject({ statusCode: 400, body: { error: { field: 'data' } } });
  });
});

function byId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id);
}

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
