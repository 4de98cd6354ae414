import { describe, expect, it } from 'vitest';
import { timeLeftMs } from '../src/deadline.ts';

describe('timeLeftMs', () => {
  const receivedAt = new Date('2026-11-21T12:00:00.000Z');

  it('counts tmax from when the request was received, less the margin', () => {
    expect(timeLeftMs({ tmax: 100, receivedAt, now: new Date('2026-11-21T12:00:00.030Z'), marginMs: 5 })).toBe(65);
    expect(timeLeftMs({ tmax: 100, receivedAt, now: new Date('2026-11-21T12:00:00.120Z'), marginMs: 5 })).toBe(-25);
  });

  it('has no limit when the request sets no tmax', () => {
    expect(timeLeftMs({ tmax: undefined, receivedAt, now: new Date('2026-11-22T00:00:00Z'), marginMs: 5 })).toBe(
      Infinity,
    );
  });
});
