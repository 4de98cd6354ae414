import { describe, expect, it } from 'vitest';
import { percentile, percentiles, relativeSpread, summarize } from '../../scripts/bench/statistics.ts';

describe('percentile', () => {
  it('interpolates between the two nearest ranks, as R type 7 and NumPy do', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([0, 10], 99)).toBeCloseTo(9.9, 10);
  });

  it('takes the extremes at 0 and 100 and does not care about order', () => {
    const values = [7, 3, 9, 1];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(9);
    expect(values).toEqual([7, 3, 9, 1]);
  });

  it('is the value itself for a single measurement', () => {
    expect(percentile([42], 99)).toBe(42);
  });

  it('keeps an infinite value (a bid never stored) infinite on an exact rank, instead of NaN', () => {
    expect(percentile([Number.POSITIVE_INFINITY], 50)).toBe(Number.POSITIVE_INFINITY);
    expect(percentile([1, 2, Number.POSITIVE_INFINITY], 50)).toBe(2);
    expect(summarize([Number.POSITIVE_INFINITY]).median).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses an empty list and a percentile outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('gives several percentiles at once, the same as one at a time', () => {
    const values = Array.from({ length: 1_000 }, (_, index) => (index * 7919) % 1_000);
    const many = percentiles(values, [50, 90, 99]);
    expect(many).toEqual({
      50: percentile(values, 50),
      90: percentile(values, 90),
      99: percentile(values, 99),
    });
    expect(many[99]).toBeCloseTo(989.01, 6);
  });
});

describe('summarize', () => {
  it('reports the median, quartiles and extremes of the rounds', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({
      median: 3,
      p25: 2,
      p75: 4,
      min: 1,
      max: 5,
      count: 5,
    });
  });

  it('gives the spread as half the interquartile range over the median', () => {
    expect(relativeSpread(summarize([5, 1, 4, 2, 3]))).toBeCloseTo(1 / 3, 10);
    expect(relativeSpread(summarize([0, 0, 0]))).toBe(0);
  });
});
