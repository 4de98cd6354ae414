import { describe, expect, it } from 'vitest';
import { childSpan, formatTraceparent, parseTraceparent } from '../src/trace.ts';

const SAMPLE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('parses a W3C traceparent', () => {
    expect(parseTraceparent(SAMPLE)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it('rejects malformed and all-zero traceparents', () => {
    expect(parseTraceparent('00-xyz-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(parseTraceparent(undefined)).toBeUndefined();
  });

  it('a child span keeps the trace id and gets a new span id', () => {
    const parent = parseTraceparent(SAMPLE)!;
    const child = childSpan(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(parseTraceparent(formatTraceparent(child))).toEqual(child);
  });

  it('without a parent a new sampled trace starts', () => {
    const root = childSpan();
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.flags).toBe('01');
  });
});
