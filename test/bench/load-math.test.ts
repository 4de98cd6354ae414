import { describe, expect, it } from 'vitest';
import {
  backlogGrew,
  cpuPerBid,
  isSustained,
  latencyFigures,
  nextProbeRate,
  outstandingAt,
  syncFigures,
  throughput,
} from '../../scripts/bench/load-math.ts';
import { cpuBetween, descendantsOf, parseProcStat } from '../../scripts/bench/process-cpu.ts';

describe('latencyFigures', () => {
  it('interpolates percentiles over what arrived when nothing is missing', () => {
    const figures = latencyFigures([4, 1, 3, 2]);
    expect(figures).toMatchObject({ p50: 2.5, max: 4, count: 4, missing: 0 });
    expect(figures.p99).toBeCloseTo(3.97);
  });

  it('ranks what never arrived as infinitely late', () => {
    const arrived = Array.from({ length: 98 }, (_, index) => index + 1);
    const figures = latencyFigures(arrived, 2);
    expect(figures.p50).toBeCloseTo(50.5);
    expect(figures.p99).toBe(Number.POSITIVE_INFINITY);
    expect(figures.max).toBe(Number.POSITIVE_INFINITY);
    expect(figures.missing).toBe(2);
  });

  it('counts NaN latencies (failed sends) as missing, and is NaN for nothing at all', () => {
    expect(latencyFigures([1, Number.NaN]).missing).toBe(1);
    expect(latencyFigures([]).p50).toBeNaN();
  });
});

describe('backlog', () => {
  const sentAt = Array.from({ length: 100 }, (_, index) => index * 10);

  it('counts bids sent and not yet stored at a time', () => {
    expect(outstandingAt(95, sentAt, [5, 15, 25])).toBe(7);
  });

  it('sees no growth when outcomes keep pace with the sends, at a steady lag', () => {
    const storedAt = sentAt.map((at) => at + 30);
    expect(backlogGrew({ sentAt, storedAt, windowStart: 0, windowEnd: 990 })).toBe(false);
  });

  it('sees growth when outcomes come at half the rate the bids were sent', () => {
    const storedAt = sentAt.map((at) => at * 2 + 5);
    expect(backlogGrew({ sentAt, storedAt, windowStart: 0, windowEnd: 990 })).toBe(true);
  });

  it('calls a rate sustained only with p99 within target and no growing backlog', () => {
    expect(isSustained({ p99: 80, backlogGrew: false })).toBe(true);
    expect(isSustained({ p99: 120, backlogGrew: false })).toBe(false);
    expect(isSustained({ p99: 80, backlogGrew: true })).toBe(false);
    expect(isSustained({ p99: Number.POSITIVE_INFINITY, backlogGrew: false })).toBe(false);
  });
});

describe('nextProbeRate', () => {
  it('starts at the lower bound, grows by half while every rate passes, and stops at the upper bound', () => {
    expect(nextProbeRate([])).toBe(10);
    expect(nextProbeRate([{ rate: 1_000, sustained: true }])).toBe(1_500);
    expect(nextProbeRate([{ rate: 4_000, sustained: true }], { min: 10, max: 5_000 })).toBe(5_000);
    expect(nextProbeRate([{ rate: 5_000, sustained: true }], { min: 10, max: 5_000 })).toBeNull();
  });

  it('halves while every rate fails', () => {
    expect(nextProbeRate([{ rate: 100, sustained: false }])).toBe(50);
  });

  it('tries the geometric middle of the best pass and the lowest fail above it, until they are close', () => {
    const tried = [
      { rate: 100, sustained: true },
      { rate: 400, sustained: true },
      { rate: 500, sustained: false },
      { rate: 1_000, sustained: false },
    ];
    expect(nextProbeRate(tried)).toBe(447);
    expect(nextProbeRate([...tried, { rate: 447, sustained: true }])).toBeNull();
  });

  it('ignores a failure below a pass (a noisy probe) when bracketing', () => {
    const tried = [
      { rate: 100, sustained: false },
      { rate: 200, sustained: true },
      { rate: 800, sustained: false },
    ];
    expect(nextProbeRate(tried)).toBe(400);
  });
});

describe('CPU per bid', () => {
  it('reads pid, parent and ticks from a /proc stat line whose comm holds spaces and parentheses', () => {
    const line = '4242 (node (worker) x) S 4200 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 11 0 12345';
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: 'node (worker) x', ppid: 4200, ticks: 280 });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('finds every process under a root, and none beside it', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 10],
      [20, 1],
    ]);
    expect(descendantsOf(10, parents).sort()).toEqual([10, 11, 12, 13]);
  });

  it('adds up processes of one name, counts new ones from zero, and divides by the bids', () => {
    const before = [
      { pid: 1, ppid: 0, name: 'cluster', cpuMs: 1_000 },
      { pid: 2, ppid: 1, name: 'bidder', cpuMs: 500 },
    ];
    const after = [
      { pid: 1, ppid: 0, name: 'cluster', cpuMs: 1_300 },
      { pid: 2, ppid: 1, name: 'bidder', cpuMs: 600 },
      { pid: 3, ppid: 1, name: 'bidder', cpuMs: 100 },
    ];
    const spent = cpuBetween(before, after);
    expect(Object.fromEntries(spent)).toEqual({ cluster: 300, bidder: 200 });
    expect(cpuPerBid(spent, 100)).toEqual({ cluster: 3, bidder: 2, total: 5 });
  });
});

describe('syncFigures', () => {
  it('counts 200 and 204 within tmax as in time, and everything else as failed', () => {
    const figures = syncFigures({
      latenciesMs: [50, 90, 120, 10, Number.NaN],
      statuses: [200, 204, 200, 503, undefined],
      tmaxMs: 100,
    });
    expect(figures).toMatchObject({ bids: 2, noBids: 1, failed: 2, inTimeShare: 0.4 });
    expect(figures.p50).toBe(120);
    expect(figures.p99).toBe(Number.POSITIVE_INFINITY);
  });

  it('gives answers per second over the run', () => {
    expect(throughput(500, 250)).toBe(2_000);
    expect(throughput(1, 0)).toBeNaN();
  });
});
