import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/seeded-random.ts';

const draw = (seed: string, count: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random());
};

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draw('["request-1","1"]', 50)).toEqual(draw('["request-1","1"]', 50));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw('["request-1","1"]', 5)).not.toEqual(draw('["request-1","2"]', 5));
  });

  it('draws in [0, 1), spread evenly', () => {
    const values = draw('uniformity', 20_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const tenths = new Array<number>(10).fill(0);
    for (const value of values) tenths[Math.floor(value * 10)]! += 1;
    for (const count of tenths) expect(count).toBeGreaterThan(1_800);
  });
});
