import { describe, expect, it } from 'vitest';
import { simulateCompetingBids } from '../src/competing-bids.ts';
import { seededRandom } from '@helios/core';

describe('simulateCompetingBids', () => {
  it('draws the requested number of bids between 0.6 and 1.6 times the floor, at 4 decimals', () => {
    const bids = simulateCompetingBids({ random: seededRandom('a'), count: 500, floor: 2, referenceCpm: 1 });
    expect(bids).toHaveLength(500);
    for (const { price } of bids) {
      expect(price).toBeGreaterThanOrEqual(1.2);
      expect(price).toBeLessThanOrEqual(3.2);
      expect(Math.round(price * 10_000) / 10_000).toBe(price);
    }
    const belowFloor = bids.filter((bid) => bid.price < 2).length;
    expect(belowFloor).toBeGreaterThan(150);
    expect(belowFloor).toBeLessThan(250);
  });

  it('bids around the reference CPM when the imp has no floor', () => {
    const bids = simulateCompetingBids({ random: seededRandom('b'), count: 100, floor: 0, referenceCpm: 10 });
    expect(Math.min(...bids.map((bid) => bid.price))).toBeGreaterThanOrEqual(6);
    expect(Math.max(...bids.map((bid) => bid.price))).toBeLessThanOrEqual(16);
  });

  it('draws the same bids from the same seed', () => {
    const options = { count: 3, floor: 0.5, referenceCpm: 1 };
    expect(simulateCompetingBids({ ...options, random: seededRandom('c') })).toEqual(
      simulateCompetingBids({ ...options, random: seededRandom('c') }),
    );
  });
});
