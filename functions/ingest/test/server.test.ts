/**
 * The contract of POST /bid, through the real server: startIngest on a free port, K_SINK pointing at a
 * capturing HTTP server, every format in and the emitted CloudEvent out.
 */
import http from 'node:http';
import { CloudEvent, HTTP } from 'cloudevents';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_SOURCES, EVENT_TYPES, type BidRequestEvent } from '@helios/core';
import type { CaptureSink } from '../../../test/helpers/capture-sink.ts';
import { startIngestUnderTest, type IngestUnderTest } from '../../../test/helpers/ingest-under-test.ts';
import { INVALID_REQUESTS, reference } from './fixtures/invalid-requests.ts';

let ingest: IngestUnderTest;
let sink: CaptureSink;
let base: string;

beforeAll(async () => {
  ingest = await startIngestUnderTest();
  ({ sink, base } = ingest);
});

afterAll(async () => {
  await ingest?.close();
});

beforeEach(() => {
  sink.events.length = 0;
  sink.status = 202;
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

function post(body: string, headers: Record<string, string>, path = '/bid'): Promise<Response> {
  // Bytes, not a string: fetch would add its own text/plain Content-Type to a string.
  return fetch(`${base}${path}`, { method: 'POST', headers, body: new TextEncoder().encode(body) });
}

function emitted(): CloudEvent<BidRequestEvent> {
  expect(sink.events).toHaveLength(1);
  return sink.events[0] as CloudEvent<BidRequestEvent>;
}

describe('POST /bid', () => {
  it('accepts Helios JSON: 202 with the request id, and one dev.helios.bid.request in OpenRTB form', async () => {
    const response = await post(JSON.stringify(reference('helios-seed/submit-enriched-bid.json')), {
      'content-type': 'application/json',
      traceparent: PARENT,
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      id: 'demo-request-enriched',
      request_id: 'demo-request-enriched',
      status: 'accepted',
    });
    const event = emitted();
    expect(event.type).toBe(EVENT_TYPES.bidRequest);
    expect(event.source).toBe(EVENT_SOURCES.ingest);
    expect(event.id).toBe('demo-request-enriched');
    expect(event['partitionkey']).toBe('demo-request-enriched');
    expect(event['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(response.headers.get('traceparent')).toBe(event['traceparent']);
    expect(event.data?.format).toBe('helios');
    expect(event.data?.request.imp[0]).toMatchObject({ id: 'slot-1', bidfloor: 0.35, banner: { w: 300, h: 250 } });
    expect(Date.parse(event.data?.receivedAt ?? '')).not.toBeNaN();
  });

  it('accepts OpenRTB 2.6 at /bid/ and /bid?query too, and emits the request unchanged', async () => {
    const request = reference('openrtb/bidrequest-ex1-simple-banner.json');
    for (const path of ['/bid/', '/bid?exchange=x']) {
      sink.events.length = 0;
      const response = await post(JSON.stringify(request), { 'content-type': 'application/json' }, path);
      expect(response.status).toBe(202);
      expect(emitted().data).toMatchObject({ request, format: 'openrtb' });
      expect(emitted()['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });

  it('accepts a binary-mode CloudEvent (HTTP.binary) and continues the trace of its traceparent extension', async () => {
    const data = reference('openrtb/bidrequest-ex4-video.json');
    const message = HTTP.binary(
      new CloudEvent({
        source: '/exchange',
        type: 'com.exchange.bid',
        subject: 'Café € "quoted"',
        data,
        traceparent: PARENT,
      }),
    );
    // The SDK sends header values unencoded; a conforming sender percent-encodes them (§3.1.3.2).
    const headers = Object.fromEntries(
      Object.entries(message.headers).map(([name, value]) => [
        name,
        name.startsWith('ce-') ? encodeURIComponent(String(value)) : String(value),
      ]),
    );
    const response = await post(message.body as string, headers);
    expect(response.status).toBe(202);
    const event = emitted();
    expect(event.id).toBe('1234567893');
    expect(event.data).toMatchObject({ request: data, format: 'cloudevent' });
    expect(event['traceparent']).toMatch(new RegExp(`^00-${TRACE_ID}-`));
  });

  it('accepts a structured-mode CloudEvent (HTTP.structured) carrying Helios JSON', async () => {
    const message = HTTP.structured(
      new CloudEvent({
        source: '/exchange',
        type: 'com.exchange.bid',
        data: reference('helios-seed/submit-bid-missing-user.json'),
      }),
    );
    const response = await post(message.body as string, message.headers as Record<string, string>);
    expect(response.status).toBe(202);
    const event = emitted();
    expect(event.id).toBe('demo-request-missing-user');
    expect(event.data?.format).toBe('cloudevent');
    expect(event.data?.request.user).toBeUndefined();
  });

  it.each(INVALID_REQUESTS)(
    'answers $status to $name, naming the field and rule',
    async ({ headers, body, status, message }) => {
      const response = await post(body, headers);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message.slice(0, message.length)).toBe(message);
      expect(sink.events).toHaveLength(0);
    },
  );

  it('answers 413 when Content-Length declares more than HELIOS_MAX_BODY_BYTES', async () => {
    const response = await post(JSON.stringify({ id: 'x'.repeat(70_000) }), { 'content-type': 'application/json' });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { code: 'payload_too_large', message: 'body must be at most 65536 bytes' },
    });
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        `${base}/bid`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      // The server closes the connection after answering; writes still in flight may fail.
      request.on('error', reject);
      request.write(`{"id":"${'x'.repeat(40_000)}`);
      request.write('x'.repeat(40_000));
      request.end('"}');
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 405 with Allow: POST to any other method on /bid', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(`${base}/bid`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
  });

  it('answers 503 with Retry-After: 1 when the sink answers 503, so nothing accepted is lost', async () => {
    sink.status = 503;
    const response = await post(JSON.stringify(reference('openrtb/bidrequest-ex1-simple-banner.json')), {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: { code: 'dependency_unavailable' } });
  });
});

describe('the runtime endpoints', () => {
  it('still serves /health/readiness, /health/liveness and the seed probe /healthz', async () => {
    for (const path of ['/health/readiness', '/health/liveness', '/healthz']) {
      expect((await fetch(`${base}${path}`)).status).toBe(200);
    }
  });

  it('serves /metrics with bid_requests_total and the ingest series', async () => {
    await post('{}', { 'content-type': 'text/plain' });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^bid_requests_total\{format="openrtb",outcome="accepted"\} [1-9]/m);
    expect(text).toMatch(/^helios_ingest_rejections_total\{code="unsupported_media_type"\} [1-9]/m);
    expect(text).toContain('helios_ingest_request_duration_seconds_bucket');
  });
});
