import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, retryHorizonMs } from '../../src/eventing/backoff.ts';

describe('backoffDelay', () => {
  it('grows linearly as backoffDelay × retry', () => {
    const delays = [1, 2, 3, 4, 5].map((retry) =>
      backoffDelay({ backoffPolicy: 'linear', backoffDelayMs: 200 }, retry),
    );
    expect(delays).toEqual([200, 400, 600, 800, 1000]);
  });

  it('doubles exponentially as backoffDelay × 2^retry, from the first retry', () => {
    const delays = [1, 2, 3, 4, 5].map((retry) =>
      backoffDelay({ backoffPolicy: 'exponential', backoffDelayMs: 200 }, retry),
    );
    expect(delays).toEqual([400, 800, 1600, 3200, 6400]);
  });
});

describe('isRetryableStatus', () => {
  it.each([500, 502, 503, 504, 404, 408, 409, 429])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([400, 401, 403, 405, 413, 415, 422, 300])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('retryHorizonMs', () => {
  it('adds up the waits before every retry, as the dispatcher sleeps them', () => {
    expect(retryHorizonMs({ retry: 5, backoffPolicy: 'exponential', backoffDelayMs: 200 })).toBe(12_400);
    expect(retryHorizonMs({ retry: 30, backoffPolicy: 'linear', backoffDelayMs: 500 })).toBe(232_500);
    expect(retryHorizonMs({ retry: 2, backoffPolicy: 'linear', backoffDelayMs: 50 })).toBe(150);
  });

  it('is zero without retries', () => {
    expect(retryHorizonMs({ retry: 0, backoffPolicy: 'exponential', backoffDelayMs: 1000 })).toBe(0);
  });
});
