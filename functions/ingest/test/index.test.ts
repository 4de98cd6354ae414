import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES, type BidRequestEvent } from '@helios/core';
import { startCaptureSink, type CaptureSink } from '../../../test/helpers/capture-sink.ts';
import { reference } from './fixtures/invalid-requests.ts';

let sink: CaptureSink;
let acceptBid: typeof import('../src/index.ts').acceptBid;

beforeAll(async () => {
  sink = await startCaptureSink();
  // config.ts reads the environment once, at load: set it before importing the function.
  process.env['K_SINK'] = sink.url;
  process.env['HELIOS_LOG_LEVEL'] = 'silent';
  ({ acceptBid } = await import('../src/index.ts'));
});

afterAll(async () => {
  await sink.close();
});

beforeEach(() => {
  sink.events.length = 0;
  sink.status = 202;
});

/** Calls acceptBid as the server does: the headers as sent, the whole body. */
function handle(headers: Record<string, string>, body: Buffer) {
  return acceptBid({ headers, body });
}

describe('acceptBid', () => {
  it('answers 202 with the request id and emits the OpenRTB request as dev.helios.bid.request', async () => {
    const request = reference('openrtb/bidrequest-ex3-mobile.json');
    const response = await handle(
      { 'content-type': 'application/json' },
      Buffer.from(JSON.stringify(request)),
    );
    expect(response).toMatchObject({
      statusCode: 202,
      body: { id: 'IxexyLDIIk', request_id: 'IxexyLDIIk', status: 'accepted' },
    });
    expect(sink.events).toHaveLength(1);
    const [event] = sink.events;
    expect(event).toMatchObject({ type: EVENT_TYPES.bidRequest, id: 'IxexyLDIIk', partitionkey: 'IxexyLDIIk' });
    expect((event!.data as BidRequestEvent).request).toEqual(request);
    expect((event!.data as BidRequestEvent).format).toBe('openrtb');
  });

  it('answers 400 naming field and rule, and emits nothing, for an invalid request', async () => {
    const response = await handle({ 'content-type': 'application/json' }, Buffer.from('{"id":"r","imp":[]}'));
    expect(response).toMatchObject({
      statusCode: 400,
      body: { error: { message: 'request.imp must be a non-empty array' } },
    });
    expect(sink.events).toHaveLength(0);
  });

  it('answers a CloudEvents batch event by event: 400 for the batch when one is invalid, the valid one still emitted', async () => {
    const request = reference('openrtb/bidrequest-ex3-mobile.json');
    const good = { specversion: '1.0', id: 'e1', source: '/exchange', type: 'com.exchange.bid', data: request };
    const bad = { specversion: '0.3', id: 'e2', type: 'com.exchange.bid', data: request };
    const response = await handle(
      { 'content-type': 'application/cloudevents-batch+json' },
      Buffer.from(JSON.stringify([good, bad])),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({
      results: [
        { index: 0, id: 'IxexyLDIIk', status: 202 },
        { index: 1, id: null, status: 400, body: { error: { field: 'cloudevents[1].source' } } },
      ],
    });
    expect(sink.events).toHaveLength(1);
  });

  it('answers 202 for a batch whose every event was stored, specversion 0.3 included', async () => {
    const request = reference('openrtb/bidrequest-ex3-mobile.json');
    const events = [
      { specversion: '0.3', id: 'e1', source: '/exchange', type: 'com.exchange.bid', data: request },
      { specversion: '1.0', id: 'e2', source: '/exchange', type: 'com.exchange.bid', data: { ...request, id: 'second' } },
    ];
    const response = await handle({ 'content-type': 'application/cloudevents-batch+json' }, Buffer.from(JSON.stringify(events)));
    expect(response.statusCode).toBe(202);
    expect(sink.events.map((event) => event.id)).toEqual(['IxexyLDIIk', 'second']);
  });

  it('answers 503 with Retry-After when the sink cannot take the event, so the exchange retries', async () => {
    sink.status = 503;
    const response = await handle(
      { 'content-type': 'application/json' },
      Buffer.from(JSON.stringify(reference('helios-seed/submit-enriched-bid.json'))),
    );
    expect(response).toMatchObject({
      statusCode: 503,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'dependency_unavailable' } },
    });
  });

  it('continues the trace of the traceparent header in the event and the response', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await handle(
      { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      Buffer.from(JSON.stringify(reference('helios-seed/submit-enriched-bid.json'))),
    );
    const traceparent = (response as { headers: Record<string, string> }).headers['traceparent'];
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(traceparent).not.toContain('00f067aa0ba902b7');
    expect(sink.events[0]!['traceparent']).toBe(traceparent);
  });

  it('starts a new trace when the traceparent header is malformed', async () => {
    const response = await handle(
      { 'content-type': 'application/json', traceparent: '00-not-a-trace-01' },
      Buffer.from(JSON.stringify(reference('helios-seed/submit-enriched-bid.json'))),
    );
    const traceparent = (response as { headers: Record<string, string> }).headers['traceparent'];
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sink.events[0]!['traceparent']).toBe(traceparent);
  });
});
