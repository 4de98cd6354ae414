import type { Context, HTTPFunction } from 'faas-js-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES, type BidRequestEvent } from '@helios/core';
import { startCaptureSink, type CaptureSink } from '../../../test/helpers/capture-sink.ts';
import { reference } from './fixtures/invalid-requests.ts';

let sink: CaptureSink;
let handle: HTTPFunction;

beforeAll(async () => {
  sink = await startCaptureSink();
  // config.ts reads the environment once, at load: set it before importing the function.
  process.env['K_SINK'] = sink.url;
  process.env['HELIOS_LOG_LEVEL'] = 'silent';
  ({ handle } = await import('../src/index.ts'));
});

afterAll(async () => {
  await sink.close();
});

beforeEach(() => {
  sink.events.length = 0;
  sink.status = 202;
});

/** The least of a Context that handle reads, as the runtime builds it (lib/context.js). */
function context(headers: Record<string, string>): Context {
  return { headers, method: 'POST', log: console, query: {} } as unknown as Context;
}

describe('handle', () => {
  it('answers 202 with the request id and emits the OpenRTB request as dev.helios.bid.request', async () => {
    const request = reference('openrtb/bidrequest-ex3-mobile.json');
    const response = await handle(
      context({ 'content-type': 'application/json' }),
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
    const response = await handle(context({ 'content-type': 'application/json' }), Buffer.from('{"id":"r","imp":[]}'));
    expect(response).toMatchObject({
      statusCode: 400,
      body: { error: { message: 'request.imp must be a non-empty array' } },
    });
    expect(sink.events).toHaveLength(0);
  });

  it('answers 503 with Retry-After when the sink cannot take the event, so the exchange retries', async () => {
    sink.status = 503;
    const response = await handle(
      context({ 'content-type': 'application/json' }),
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
      context({ 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` }),
      Buffer.from(JSON.stringify(reference('helios-seed/submit-enriched-bid.json'))),
    );
    const traceparent = (response as { headers: Record<string, string> }).headers['traceparent'];
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(traceparent).not.toContain('00f067aa0ba902b7');
    expect(sink.events[0]!['traceparent']).toBe(traceparent);
  });

  it('starts a new trace when the traceparent header is malformed', async () => {
    const response = await handle(
      context({ 'content-type': 'application/json', traceparent: '00-not-a-trace-01' }),
      Buffer.from(JSON.stringify(reference('helios-seed/submit-enriched-bid.json'))),
    );
    const traceparent = (response as { headers: Record<string, string> }).headers['traceparent'];
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sink.events[0]!['traceparent']).toBe(traceparent);
  });
});
