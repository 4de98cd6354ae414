import { describe, expect, it } from 'vitest';
import { buildBidResponse } from '../src/bid-response.ts';
import { chooseBids } from '../src/bidding.ts';
import { bidRequest, campaign, profile } from './fixtures.ts';

const sports = campaign({ id: 'sports', advertiserId: 'adv-a', categories: ['IAB17'], maxBid: 4, dailyBudget: 10 });
const everyone = campaign({ id: 'everyone', advertiserId: 'adv-b', maxBid: 3, dailyBudget: 10 });
const noSpend = new Map<string, number>();

describe('chooseBids', () => {
  it('bids once per imp with the campaign that bids the most', () => {
    const bids = chooseBids({
      request: bidRequest([1, 2]),
      profile: profile({ IAB17: 0.5 }),
      campaigns: [sports, everyone],
      spentToday: noSpend,
    });
    expect(bids.map((bid) => [bid.imp.id, bid.campaign.id, bid.price])).toEqual([
      ['1', 'sports', 2.5],
      ['2', 'sports', 3],
    ]);
  });

  it('leaves out campaigns that spent their daily budget', () => {
    const bids = chooseBids({
      request: bidRequest([1]),
      profile: profile({ IAB17: 0.5 }),
      campaigns: [sports, everyone],
      spentToday: new Map([['sports', 10]]),
    });
    expect(bids.map((bid) => bid.campaign.id)).toEqual(['everyone']);
  });

  it('bids at the floor without a profile', () => {
    const bids = chooseBids({
      request: bidRequest([1.5]),
      profile: undefined,
      campaigns: [sports, everyone],
      spentToday: noSpend,
    });
    expect(bids.map((bid) => [bid.campaign.id, bid.price])).toEqual([['everyone', 1.5]]);
  });

  it('skips imps whose floor is in another currency, and zero-priced bids', () => {
    const request = bidRequest([1, 0]);
    request.imp[0]!.bidfloorcur = 'EUR';
    expect(chooseBids({ request, profile: undefined, campaigns: [everyone], spentToday: noSpend })).toEqual([]);
  });
});

describe('buildBidResponse', () => {
  it('groups bids into one seat per advertiser with deterministic bid ids and their campaigns', () => {
    const request = bidRequest([1, 1]);
    const bids = [
      { imp: request.imp[0]!, campaign: sports, price: 2 },
      { imp: request.imp[1]!, campaign: everyone, price: 1 },
    ];
    const built = buildBidResponse({ request, bids });
    expect(built.response).toEqual({
      id: 'req-1',
      bidid: 'response:req-1',
      cur: 'USD',
      seatbid: [
        { seat: 'adv-a', bid: [{ id: 'req-1:1', impid: '1', price: 2, cid: 'sports' }] },
        { seat: 'adv-b', bid: [{ id: 'req-1:2', impid: '2', price: 1, cid: 'everyone' }] },
      ],
    });
    expect(built.campaigns).toEqual({
      'req-1:1': { campaignId: 'sports', advertiserId: 'adv-a' },
      'req-1:2': { campaignId: 'everyone', advertiserId: 'adv-b' },
    });
  });

  it('answers a no-bid with empty seatbid, and nbr only when given', () => {
    expect(buildBidResponse({ request: bidRequest([1]), bids: [] }).response).toEqual({ id: 'req-1', seatbid: [] });
    expect(buildBidResponse({ request: bidRequest([1]), bids: [], nbr: 15 }).response).toEqual({
      id: 'req-1',
      seatbid: [],
      nbr: 15,
    });
  });
});
