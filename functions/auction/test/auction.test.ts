import { describe, expect, it } from 'vitest';
import type { BidRequest } from '@helios/core';
import { runAuction, type RunAuctionOptions } from '../src/auction.ts';
import { LOSS_REASON } from '../src/loss-reason.ts';
import { bidResponseEvent, firstPriceRequest, secondPriceRequest } from './fixtures.ts';

const decidedAt = new Date('2026-11-21T10:00:00.010Z');
const settings = { competitors: 3, incrementCpm: 0.01, referenceCpm: 1, decidedAt };
const auction = (event: RunAuctionOptions['event'], overrides: Partial<RunAuctionOptions> = {}) =>
  runAuction({ ...settings, event, ...overrides });

/** The same request under many ids: each id seeds different competitors. */
function requests(make: () => BidRequest, count: number): BidRequest[] {
  return Array.from({ length: count }, (_, index) => ({ ...make(), id: `${make().id}-${index}` }));
}

describe('runAuction', () => {
  it('gives the same outcomes for the same input, so a redelivered event replays the same auction', () => {
    for (const request of requests(secondPriceRequest, 50)) {
      const event = bidResponseEvent(request, { '1': 0.6 });
      expect(auction(event)).toEqual(auction(structuredClone(event)));
    }
  });

  it('meets different competitors on different requests', () => {
    const prices = requests(secondPriceRequest, 50).map(
      (request) => auction(bidResponseEvent(request, { '1': 5 }))[0]!.winPrice,
    );
    expect(new Set(prices).size).toBeGreaterThan(10);
  });

  it('clears second price below our bid, never under the floor, and first price at our bid', () => {
    for (const request of requests(secondPriceRequest, 100)) {
      const [outcome] = auction(bidResponseEvent(request, { '1': 5 }));
      // Competitors bid at most 1.6 × the 0.5 floor: a bid of 5 always wins, and pays far less.
      expect(outcome).toMatchObject({ status: 'win', lossReason: null, bidPrice: 5, floorPrice: 0.5 });
      expect(outcome!.winPrice).toBeGreaterThanOrEqual(0.5 + 0.01);
      expect(outcome!.winPrice).toBeLessThanOrEqual(0.8 + 0.01);
    }
    for (const request of requests(firstPriceRequest, 100)) {
      expect(auction(bidResponseEvent(request, { '1': 5 }))[0]).toMatchObject({ status: 'win', winPrice: 5 });
    }
  });

  it('with no competitors, clears second price at the floor plus the increment', () => {
    const [outcome] = auction(bidResponseEvent(secondPriceRequest(), { '1': 2 }), { competitors: 0 });
    expect(outcome!.winPrice).toBe(0.51);
  });

  it('wins some and loses some to higher bids when bidding near the floor', () => {
    const outcomes = requests(secondPriceRequest, 200).map(
      (request) => auction(bidResponseEvent(request, { '1': 0.6 }))[0]!,
    );
    const wins = outcomes.filter((outcome) => outcome.status === 'win');
    const losses = outcomes.filter((outcome) => outcome.status === 'loss');
    expect(wins.length).toBeGreaterThan(20);
    expect(losses.length).toBeGreaterThan(20);
    for (const win of wins) expect(win.winPrice).toBeLessThanOrEqual(0.6);
    for (const loss of losses) expect(loss).toMatchObject({ lossReason: LOSS_REASON.lostToHigherBid, winPrice: null });
  });

  it('loses a bid below the floor with loss reason 100', () => {
    const [outcome] = auction(bidResponseEvent(secondPriceRequest(), { '1': 0.49 }));
    expect(outcome).toMatchObject({ status: 'loss', lossReason: 100, bidPrice: 0.49, winPrice: null });
  });

  it('records a no-bid as one loss per imp, with bidPrice null and no campaign', () => {
    const request: BidRequest = { ...firstPriceRequest(), imp: [{ id: '1', bidfloor: 0.2 }, { id: '2' }] };
    const outcomes = auction(bidResponseEvent(request, {}));
    expect(outcomes).toEqual([
      expect.objectContaining({
        impId: '1',
        status: 'loss',
        lossReason: LOSS_REASON.noBid,
        bidPrice: null,
        floorPrice: 0.2,
      }),
      expect.objectContaining({
        impId: '2',
        status: 'loss',
        lossReason: LOSS_REASON.noBid,
        bidPrice: null,
        floorPrice: 0,
      }),
    ]);
    expect(outcomes.every((outcome) => outcome.campaignId === null && outcome.advertiserId === null)).toBe(true);
  });

  it('gives one outcome per imp, in request order, with the request and campaign details', () => {
    const request: BidRequest = {
      ...firstPriceRequest(),
      imp: [
        { id: 'a', bidfloor: 1 },
        { id: 'b', bidfloor: 1 },
      ],
    };
    const event = { ...bidResponseEvent(request, { b: 9 }), enriched: false };
    const [first, second] = auction(event);
    expect(first).toEqual({
      id: `${request.id}:a`,
      requestId: request.id,
      impId: 'a',
      userId: '55816b39711f9b5acf3b90e313ed29e51665623f',
      siteDomain: 'www.foobar.com',
      campaignId: null,
      advertiserId: null,
      bidPrice: null,
      winPrice: null,
      floorPrice: 1,
      status: 'loss',
      lossReason: LOSS_REASON.noBid,
      enriched: false,
      submitted: true,
      decidedAt: '2026-11-21T10:00:00.010Z',
    });
    expect(second).toMatchObject({ impId: 'b', campaignId: 'campaign-b', advertiserId: 'advertiser-1', winPrice: 9 });
    expect(Object.isFrozen(second)).toBe(true);
  });

  it('records a bid decided after the deadline as a loss, reason 2 (expired), keeping its price: never a win', () => {
    for (const request of requests(secondPriceRequest, 20)) {
      const event = { ...bidResponseEvent(request, { '1': 5 }), submitted: false };
      expect(auction(event)[0]).toMatchObject({
        status: 'loss',
        lossReason: LOSS_REASON.expired,
        bidPrice: 5,
        winPrice: null,
        submitted: false,
      });
    }
  });

  it('takes the highest of several bids on one imp', () => {
    const event = bidResponseEvent(firstPriceRequest(), { '1': 1 });
    const bid = event.response.seatbid![0]!.bid[0]!;
    event.response.seatbid!.push({ bid: [{ ...bid, id: 'bid-higher', price: 4 }] });
    event.campaigns['bid-higher'] = { campaignId: 'campaign-higher', advertiserId: 'advertiser-2' };
    expect(auction(event)[0]).toMatchObject({ bidPrice: 4, winPrice: 4, campaignId: 'campaign-higher' });
  });
});
