import { describe, expect, it } from 'vitest';
import { costRatio, pairedFigure } from '../../scripts/bench/bench-result.ts';

describe('costRatio', () => {
  it('divides durations by the baseline and the baseline by rates, so lower is better either way', () => {
    expect(costRatio({ value: 3, baseline: 1.5, direction: 'lower-is-better' })).toBe(2);
    expect(costRatio({ value: 500, baseline: 1_000, direction: 'higher-is-better' })).toBe(2);
    expect(costRatio({ value: 0, baseline: 1_000, direction: 'higher-is-better' })).toBe(Infinity);
  });
});

describe('pairedFigure', () => {
  it('takes the ratio round by round, so a slow round on both sides cancels out', () => {
    const figure = pairedFigure({
      name: 'x',
      unit: 'ms',
      direction: 'lower-is-better',
      baselineName: 'b',
      values: [2, 20, 4],
      baselines: [1, 10, 2],
    });
    expect(figure.ratio).toMatchObject({ median: 2, min: 2, max: 2 });
    expect(figure.value.median).toBe(4);
    expect(figure.baseline.median).toBe(2);
  });

  it('refuses rounds without their baseline', () => {
    const options = {
      name: 'x',
      unit: 'ms',
      direction: 'lower-is-better',
      baselineName: 'b',
    } as const;
    expect(() => pairedFigure({ ...options, values: [1, 2], baselines: [1] })).toThrow(/2 rounds against 1/);
    expect(() => pairedFigure({ ...options, values: [], baselines: [] })).toThrow(RangeError);
  });
});
