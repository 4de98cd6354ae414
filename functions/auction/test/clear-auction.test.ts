import { describe, expect, it } from 'vitest';
import { auctionTypeOf, clearAuction, type ClearAuctionOptions } from '../src/clear-auction.ts';
import { LOSS_REASON } from '../src/loss-reason.ts';

const base: ClearAuctionOptions = {
  auctionType: 'second-price',
  floor: 1,
  incrementCpm: 0.01,
  ours: { price: 3, tiebreak: 0.5 },
  competing: [],
};
const rivals = (...prices: number[]) => prices.map((price, index) => ({ price, tiebreak: index / 10 }));

describe('clearAuction', () => {
  it('clears a second-price auction at the second-highest bid plus the increment', () => {
    expect(clearAuction({ ...base, competing: rivals(1.5, 2.2, 1.2) })).toEqual({ status: 'win', price: 2.21 });
  });

  it('never charges a second-price winner more than its own bid', () => {
    expect(clearAuction({ ...base, ours: { price: 2.205, tiebreak: 0 }, competing: rivals(2.2) })).toEqual({
      status: 'win',
      price: 2.205,
    });
  });

  it('clears at the floor plus the increment when no other bid reaches the floor', () => {
    expect(clearAuction({ ...base, floor: 1.4, competing: rivals(1.3, 0.9) })).toEqual({ status: 'win', price: 1.41 });
    expect(clearAuction({ ...base, floor: 1.4 })).toEqual({ status: 'win', price: 1.41 });
  });

  it('never clears a second-price auction below the floor, even with no increment', () => {
    expect(clearAuction({ ...base, floor: 2, incrementCpm: 0, competing: rivals(1.9) })).toEqual({
      status: 'win',
      price: 2,
    });
  });

  it('makes a first-price winner pay its own bid', () => {
    expect(clearAuction({ ...base, auctionType: 'first-price', competing: rivals(2.5, 1.1) })).toEqual({
      status: 'win',
      price: 3,
    });
  });

  it('loses a bid below the floor with loss reason 100, whatever the competition', () => {
    expect(clearAuction({ ...base, floor: 3.5 })).toEqual({ status: 'loss', lossReason: 100 });
    expect(LOSS_REASON.belowAuctionFloor).toBe(100);
  });

  it('loses to a higher bid with loss reason 102', () => {
    expect(clearAuction({ ...base, competing: rivals(2, 3.01) })).toEqual({ status: 'loss', lossReason: 102 });
  });

  it('records a loss with the no-bid code when we did not bid', () => {
    expect(clearAuction({ ...base, ours: undefined, competing: rivals(2) })).toEqual({
      status: 'loss',
      lossReason: LOSS_REASON.noBid,
    });
  });

  it('breaks a tie by the lower tiebreak, and a tied second price clears at our bid', () => {
    const tied = [{ price: 3, tiebreak: 0.4 }];
    expect(clearAuction({ ...base, ours: { price: 3, tiebreak: 0.3 }, competing: tied })).toEqual({
      status: 'win',
      price: 3,
    });
    expect(clearAuction({ ...base, ours: { price: 3, tiebreak: 0.6 }, competing: tied })).toEqual({
      status: 'loss',
      lossReason: 102,
    });
  });
});

describe('auctionTypeOf', () => {
  it('reads at 1 as first price, and 2 or no value as second price (OpenRTB 2.6 §3.2.1)', () => {
    expect(auctionTypeOf(1)).toBe('first-price');
    expect(auctionTypeOf(2)).toBe('second-price');
    expect(auctionTypeOf(undefined)).toBe('second-price');
  });

  it('clears an exchange-specific type (500 and above, which ingest accepts) as second price plus', () => {
    expect(auctionTypeOf(501)).toBe('second-price');
  });
});
