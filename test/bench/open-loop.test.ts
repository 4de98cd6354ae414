import { describe, expect, it } from 'vitest';
import { dueCount, dueOffsetMs, runOpenLoop } from '../../scripts/bench/open-loop.ts';

/** A clock that moves only when the scheduler waits, so the tests need no wall-clock timing. */
function fakeClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => (now += ms),
    waits,
    wait: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('dueOffsetMs and dueCount', () => {
  it('spaces sends at fixed intervals of 1/rate from the first, which is due at once', () => {
    expect([0, 1, 2, 3].map((index) => dueOffsetMs(index, 500))).toEqual([0, 2, 4, 6]);
    expect(dueCount(0, 500, 100)).toBe(1);
    expect(dueCount(1.9, 500, 100)).toBe(1);
    expect(dueCount(2, 500, 100)).toBe(2);
    expect(dueCount(-1, 500, 100)).toBe(0);
  });

  it('catches up a late wake-up in one burst and never passes the total', () => {
    expect(dueCount(100, 1_000, 1_000)).toBe(101);
    expect(dueCount(10_000, 1_000, 50)).toBe(50);
  });

  it('keeps a send due exactly now despite floating-point rounding', () => {
    // 0.3 s at 10/s is due at 300 ms, though 300 * 10 / 1000 rounds below 3 in binary.
    expect(dueCount(dueOffsetMs(3, 10), 10, 100)).toBe(4);
  });
});

describe('runOpenLoop', () => {
  it('sends on schedule whether or not earlier sends were answered, and times each from its due time', async () => {
    const clock = fakeClock();
    const started: number[] = [];
    const answers: (() => void)[] = [];
    const run = runOpenLoop({
      ratePerSecond: 100,
      total: 5,
      now: clock.now,
      wait: clock.wait,
      send: (index) => {
        started.push(clock.now());
        return new Promise<number>((resolve) => answers.push(() => resolve(index * 10)));
      },
    });
    // Nothing was answered, yet all five went out 10 ms apart: the loop is open.
    await Promise.resolve();
    for (let tick = 0; tick < 10 && started.length < 5; tick++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 10, 20, 30, 40]);
    clock.advance(60);
    for (const answer of answers) answer();
    const result = await run;
    expect(result.results).toEqual([0, 10, 20, 30, 40]);
    // Answered at 100 ms: each latency counts from its own due time.
    expect(result.latenciesMs).toEqual([100, 90, 80, 70, 60]);
    expect(result.errors).toBe(0);
    expect(result.durationMs).toBe(100);
  });

  it('counts a rejected or throwing send as an error with no latency, and keeps the first error', async () => {
    const clock = fakeClock();
    const result = await runOpenLoop({
      ratePerSecond: 1_000,
      total: 3,
      now: clock.now,
      wait: clock.wait,
      send: (index) => {
        if (index === 1) throw new Error('refused');
        if (index === 2) return Promise.reject(new Error('reset'));
        return Promise.resolve('ok');
      },
    });
    expect(result.errors).toBe(2);
    expect((result.firstError as Error).message).toBe('refused');
    expect(Number.isFinite(result.latenciesMs[0])).toBe(true);
    expect(result.latenciesMs.slice(1).every(Number.isNaN)).toBe(true);
    expect(result.results).toEqual(['ok', undefined, undefined]);
  });

  it('records how late the generator itself sent, and still sends every due request at once', async () => {
    const clock = fakeClock();
    let first = true;
    const sentAt: number[] = [];
    const result = await runOpenLoop({
      ratePerSecond: 1_000,
      total: 4,
      now: clock.now,
      // The first wait oversleeps by 5 ms, as a busy event loop does.
      wait: async (ms) => {
        clock.advance(first ? ms + 5 : ms);
        first = false;
      },
      send: async () => {
        sentAt.push(clock.now());
      },
    });
    expect(sentAt).toEqual([0, 6, 6, 6]);
    expect(result.maxSendLagMs).toBe(5);
  });

  it('refuses a rate that is not positive', async () => {
    await expect(runOpenLoop({ ratePerSecond: 0, total: 1, send: async () => 1 })).rejects.toThrow(RangeError);
  });
});
