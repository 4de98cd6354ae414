import { describe, expect, it } from 'vitest';
import { NEUTRAL_CONTENT_TYPE, neutralizeHeaders, restoreHeaders } from '../src/preserved-headers.ts';

describe('neutralizeHeaders and restoreHeaders', () => {
  const original = {
    host: 'ingest',
    'content-type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': 'e1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'transfer-encoding': 'chunked',
  };

  it('shows the runtime no CloudEvent and no JSON, only opaque bytes of the replayed length', () => {
    const neutral = neutralizeHeaders(original, 42);
    expect(neutral['content-type']).toBe(NEUTRAL_CONTENT_TYPE);
    expect(neutral['content-length']).toBe('42');
    expect(neutral['transfer-encoding']).toBeUndefined();
    expect(Object.keys(neutral).filter((name) => name.startsWith('ce-'))).toEqual([]);
  });

  it('gives handle back the headers the client sent, minus the framing', () => {
    const { 'transfer-encoding': _, ...expected } = original;
    expect(restoreHeaders(neutralizeHeaders(original, 42))).toEqual({ ...expected, 'content-length': '42' });
  });

  it('drops a preserved header the client forged, and restores no content type when none was sent', () => {
    const restored = restoreHeaders(neutralizeHeaders({ 'x-helios-original-content-type': 'application/json' }, 0));
    expect(restored['content-type']).toBeUndefined();
  });

  it('leaves headers that were never neutralised as they are', () => {
    expect(restoreHeaders(original)).toBe(original);
  });
});
