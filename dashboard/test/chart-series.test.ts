import { describe, expect, it } from 'vitest';
import { chartDays, linePath, niceCeiling } from '../src/chart-series.ts';

describe('chartDays', () => {
  it('lists the window oldest first and fills quiet days with zeros', () => {
    const days = chartDays(
      [
        { date: '2026-11-21', outcomes: 4, wins: 1, losses: 3, spend: 0.002, winRate: 25 },
        { date: '2026-11-19', outcomes: 2, wins: 2, losses: 0, spend: 0.004, winRate: 100 },
        { date: '2026-11-01', outcomes: 9, wins: 9, losses: 0, spend: 1, winRate: 100 },
      ],
      { days: 3, now: new Date('2026-11-21T23:59:59Z') },
    );
    expect(days).toEqual([
      { date: '2026-11-19', outcomes: 2, wins: 2, spend: 0.004, winRate: 100 },
      { date: '2026-11-20', outcomes: 0, wins: 0, spend: 0, winRate: 0 },
      { date: '2026-11-21', outcomes: 4, wins: 1, spend: 0.002, winRate: 25 },
    ]);
  });
});

describe('niceCeiling', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [0.0042, 0.005],
    [250, 500],
  ])('rounds %d up to %d', (value, expected) => {
    expect(niceCeiling(value)).toBeCloseTo(expected, 12);
  });
});

describe('linePath', () => {
  it('moves to the first point, draws to the next, and breaks at a gap', () => {
    expect(linePath([[0, 1], [2, 3.25], null, [4, 5]])).toBe('M0.0,1.0 L2.0,3.3 M4.0,5.0');
  });
});
