import { describe, expect, it } from 'vitest';
import { priceBid } from '../src/pricing.ts';
import { campaign, profile } from './fixtures.ts';

describe('priceBid', () => {
  const imp = { id: '1', bidfloor: 1 };

  it('prices between the floor and maxBid by the top matching interest score', () => {
    const sports = campaign({ id: 'c', categories: ['IAB17'], maxBid: 5 });
    expect(priceBid({ imp, campaign: sports, profile: profile({ IAB17: 0.5, IAB19: 0.9 }) })).toBe(3);
  });

  it('uses the profile top interest score for a campaign that targets everyone', () => {
    const everyone = campaign({ id: 'c', maxBid: 5 });
    expect(priceBid({ imp, campaign: everyone, profile: profile({ IAB17: 0.25, IAB19: 0.75 }) })).toBe(4);
  });

  it('bids exactly the floor when unenriched', () => {
    expect(priceBid({ imp: { id: '1', bidfloor: 1.37 }, campaign: campaign({ id: 'c' }), profile: undefined })).toBe(
      1.37,
    );
  });

  it('bids maxBid for a full score', () => {
    expect(priceBid({ imp, campaign: campaign({ id: 'c', maxBid: 4.2 }), profile: profile({ IAB1: 1 }) })).toBe(4.2);
  });

  it('priceBid never bids below imp.bidfloor, and never above maxBid', () => {
    for (let floor = 0.0001; floor < 9; floor += 0.1237) {
      for (const score of [0, 0.0001, 0.3333, 0.5, 0.99999, 1]) {
        const price = priceBid({
          imp: { id: '1', bidfloor: floor },
          campaign: campaign({ id: 'c', maxBid: 9.1234 }),
          profile: profile({ IAB1: score }),
        })!;
        expect(price).toBeGreaterThanOrEqual(floor);
        expect(price).toBeLessThanOrEqual(9.1234);
      }
    }
  });

  it('returns undefined when the campaign cannot pay the floor', () => {
    expect(
      priceBid({ imp: { id: '1', bidfloor: 6 }, campaign: campaign({ id: 'c', maxBid: 5 }), profile: undefined }),
    ).toBeUndefined();
  });

  it('treats a missing bidfloor as zero', () => {
    expect(
      priceBid({ imp: { id: '1' }, campaign: campaign({ id: 'c', maxBid: 2 }), profile: profile({ IAB1: 0.5 }) }),
    ).toBe(1);
  });
});
