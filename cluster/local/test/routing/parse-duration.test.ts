import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/routing/parse-duration.ts';

describe('parseDuration', () => {
  it.each([
    ['PT0.2S', 200],
    ['PT5S', 5000],
    ['PT1M30S', 90_000],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['P1DT1H', 90_000_000],
    ['P1W', 604_800_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '5s', 'PT-1S', 'P1Y', 'P1M', '200'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
