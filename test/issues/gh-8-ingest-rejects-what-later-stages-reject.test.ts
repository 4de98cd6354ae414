/**
 * Issue 8: `"at": 3` and `"user": {"id": 42}` were accepted by ingest (202) and then dead-lettered by
 * the auction, so an accepted bid was silently lost; a request id holding NUL or a lone surrogate was
 * answered 503 (the CloudEvent id header cannot carry it), which tells an exchange to retry forever.
 * Each is now a 400 naming the field, through the real ingest server; and a request ingest accepts is
 * read by the bidder's reader without complaint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBidRequestEvent } from '@helios/core';
import type { CaptureSink } from '../helpers/capture-sink.ts';
import { startIngestUnderTest, type IngestUnderTest } from '../helpers/ingest-under-test.ts';

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
});

const request = (overrides: Record<string, unknown>) => ({
  id: 'gh-8',
  imp: [{ id: '1', banner: { w: 300, h: 250 }, bidfloor: 0.5 }],
  site: { domain: 'example.com' },
  ...overrides,
});

async function post(body: unknown): Promise<{ status: number; body: { error?: { field?: string; message: string } } }> {
  const response = await fetch(`${base}/bid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify(body)),
  });
  return { status: response.status, body: (await response.json()) as { error?: { field?: string; message: string } } };
}

describe('gh-8: ingest rejects with 400 what a later stage would reject', () => {
  it.each([
    ['"at": 3, an auction type OpenRTB 2.6 §3.2.1 does not define', request({ at: 3 }), 'request.at'],
    ['"user": {"id": 42}, a user id that is no string', request({ user: { id: 42 } }), 'request.user.id'],
    ['a request id holding NUL', request({ id: 'gh-8\u0000' }), 'request.id'],
    ['a request id holding a lone surrogate', request({ id: 'gh-8\ud800' }), 'request.id'],
    [
      'an imp id holding a lone surrogate',
      request({ imp: [{ id: '\udc00', banner: { w: 1, h: 1 } }] }),
      'request.imp[0].id',
    ],
    [
      'a user id holding NUL, which Postgres text cannot store',
      request({ user: { id: 'u\u0000' } }),
      'request.user.id',
    ],
  ])('answers 400 naming the field for %s, and emits nothing', async (_name, body, field) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ field });
    expect(answer.body.error?.message.startsWith(`${field} must be`)).toBe(true);
    expect(sink.events).toEqual([]);
  });

  it('accepts an exchange-specific auction type and a non-ASCII request id, and the bidder reads the event', async () => {
    const answer = await post(request({ id: 'gh-8-é-日本', at: 501, user: { id: 'ü' } }));
    expect(answer.status).toBe(202);
    expect(sink.events).toHaveLength(1);
    // The capture sink reads headers as the SDK does, without percent-decoding: decode as a KafkaSink would.
    const event = sink.events[0]!.cloneWith({ id: decodeURIComponent(sink.events[0]!.id) }, false);
    expect(event.id).toBe('gh-8-é-日本');
    expect(readBidRequestEvent(event).request).toMatchObject({ id: 'gh-8-é-日本', at: 501, user: { id: 'ü' } });
  });
});
