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

describe('chooseBids with creatives', () => {
  it('bids a campaign with creatives only where one fits, and carries the creative chosen', () => {
    const video = { crid: 'v-1', mtype: 2 as const, w: 640, h: 480, nurl: 'https://ads.example/win' };
    const banner = { crid: 'b-1', mtype: 1 as const, w: 728, h: 90 };
    const withCreatives = campaign({ id: 'creative', maxBid: 4, creatives: [video, banner] });
    const request = bidRequest([1, 1]);
    request.imp[1] = { id: '2', video: { mimes: ['video/mp4'] }, bidfloor: 1, bidfloorcur: 'USD' };
    const bids = chooseBids({ request, profile: undefined, campaigns: [withCreatives], spentToday: noSpend });
    // imp 1 is a 300×250 banner: no creative fits it; imp 2 offers video.
    expect(bids.map((bid) => [bid.imp.id, bid.creative?.crid])).toEqual([['2', 'v-1']]);
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
        // Without a creative the bid's mtype is the imp's one media type (banner, 1).
        { seat: 'adv-a', bid: [{ id: 'req-1:1', impid: '1', price: 2, cid: 'sports', mtype: 1 }] },
        { seat: 'adv-b', bid: [{ id: 'req-1:2', impid: '2', price: 1, cid: 'everyone', mtype: 1 }] },
      ],
    });
    expect(built.campaigns).toEqual({
      'req-1:1': { campaignId: 'sports', advertiserId: 'adv-a' },
      'req-1:2': { campaignId: 'everyone', advertiserId: 'adv-b' },
    });
  });

  it("carries the campaign's adomain and its creative's crid, mtype, size, markup and notice URLs", () => {
    const request = bidRequest([1]);
    const creative = {
      crid: 'mrec-1',
      mtype: 1 as const,
      w: 300,
      h: 250,
      adm: '<div>ad</div>',
      burl: 'https://ads.example/bill?p=${AUCTION_PRICE}',
    };
    const branded = campaign({
      id: 'branded',
      advertiserId: 'adv-c',
      adomain: ['brand.example'],
      creatives: [creative],
    });
    const built = buildBidResponse({
      request,
      bids: [{ imp: request.imp[0]!, campaign: branded, price: 1.5, creative }],
    });
    expect(built.response.seatbid).toEqual([
      {
        seat: 'adv-c',
        bid: [
          {
            id: 'req-1:1',
            impid: '1',
            price: 1.5,
            cid: 'branded',
            adomain: ['brand.example'],
            crid: 'mrec-1',
            mtype: 1,
            w: 300,
            h: 250,
            adm: '<div>ad</div>',
            burl: 'https://ads.example/bill?p=${AUCTION_PRICE}',
          },
        ],
      },
    ]);
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
