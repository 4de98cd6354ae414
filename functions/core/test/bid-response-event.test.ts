import { describe, expect, it } from 'vitest';
import {
  createBidResponseEvent,
  readBidResponseEvent,
  summarizeBidRequest,
  type BidResponseEvent,
} from '../src/bid-response-event.ts';
import { InvalidFieldError } from '../src/errors.ts';
import { formatTraceparent } from '../src/trace.ts';
import { TRACE, bidRequest, changed, cloudEvent } from './fixtures.ts';

const respondedAt = new Date('2026-11-21T12:00:00.050Z');
const valid = (): BidResponseEvent => ({
  request: summarizeBidRequest(bidRequest()),
  response: {
    id: 'r1',
    bidid: 'response:r1',
    cur: 'USD',
    seatbid: [{ seat: 'advertiser-1', bid: [{ id: 'r1:1', impid: '1', price: 1.5, cid: 'campaign-1' }] }],
  },
  enriched: true,
  campaigns: { 'r1:1': { campaignId: 'campaign-1', advertiserId: 'advertiser-1' } },
  respondedAt: respondedAt.toISOString(),
  submitted: true,
});
const event = (data: unknown, type = 'dev.helios.bid.response') => cloudEvent(type, data);

describe('summarizeBidRequest', () => {
  it('keeps exactly what the auction and analytics read: ids, floors, auction type, user, site and app domain', () => {
    expect(summarizeBidRequest(bidRequest())).toEqual({
      id: 'r1',
      at: 1,
      imp: [{ id: '1', bidfloor: 0.5, bidfloorcur: 'USD' }, { id: '2' }],
      user: { id: 'u1' },
      site: { domain: 'example.com' },
    });
    expect(summarizeBidRequest({ id: 'r', imp: [{ id: '1' }], app: { domain: 'app.example' } })).toEqual({
      id: 'r',
      imp: [{ id: '1' }],
      app: { domain: 'app.example' },
    });
  });
});

describe('createBidResponseEvent', () => {
  it('builds the event under response:<request id>, keyed by the request, with the request summarised', () => {
    const { request: _summary, ...rest } = valid();
    const built = createBidResponseEvent({ ...rest, request: bidRequest(), respondedAt, trace: TRACE });
    expect(built).toMatchObject({
      id: 'response:r1',
      source: '/helios/bidder',
      type: 'dev.helios.bid.response',
      partitionkey: 'r1',
      traceparent: formatTraceparent(TRACE),
    });
    expect(built.data).toEqual(valid());
    expect(readBidResponseEvent(built)).toEqual(valid());
  });
});

describe('readBidResponseEvent', () => {
  it('returns the data of a valid event', () => {
    expect(readBidResponseEvent(event(valid()))).toEqual(valid());
  });

  it('reads an event without submitted, from before the deadline existed, as submitted', () => {
    const old = changed(valid(), (data) => delete data.submitted);
    expect(readBidResponseEvent(event(old))).toEqual(valid());
  });

  it('accepts a no-bid without seatbid, an exchange-specific auction type, and a bid id that is a property name', () => {
    const noBid = changed(valid(), (data) => {
      delete data.response.seatbid;
      data.request.at = 501;
    });
    expect(readBidResponseEvent(event(noBid))).toEqual(noBid);
    const oddId = changed(valid(), (data) => {
      data.response.seatbid[0].bid[0].id = 'constructor';
      data.campaigns = { constructor: data.campaigns['r1:1'] };
    });
    expect(readBidResponseEvent(event(oddId))).toEqual(oddId);
  });

  const invalid: [string, () => unknown, string][] = [
    ['a body that is no CloudEvent', () => valid(), 'request must be a CloudEvent (binary or structured content mode)'],
    ['another event type', () => event(valid(), 'dev.helios.bid.request'), 'type must be dev.helios.bid.response'],
    ['text data', () => event('{"request":{}}'), 'data must be a JSON object'],
    ['no request', () => event(changed(valid(), (data) => delete data.request)), 'data.request must be a JSON object'],
    ['no request id', () => event(changed(valid(), (d) => delete d.request.id)), 'data.request.id must be a non-empty'],
    [
      'no imps',
      () => event(changed(valid(), (d) => (d.request.imp = []))),
      'data.request.imp must be a non-empty array',
    ],
    ['an empty imp id', () => event(changed(valid(), (d) => (d.request.imp[0].id = ''))), 'data.request.imp[0].id'],
    [
      'duplicate imp ids',
      () => event(changed(valid(), (d) => d.request.imp.push({ id: '1' }))),
      'data.request.imp[2].id must be unique',
    ],
    [
      'a negative floor',
      () => event(changed(valid(), (d) => (d.request.imp[0].bidfloor = -1))),
      'data.request.imp[0].bidfloor must be a non-negative number below 100000000 (CPM)',
    ],
    ['auction type 3', () => event(changed(valid(), (d) => (d.request.at = 3))), 'data.request.at must be 1'],
    [
      'a numeric user id',
      () => event(changed(valid(), (d) => (d.request.user = { id: 7 }))),
      'data.request.user.id must be a string',
    ],
    ['no response', () => event(changed(valid(), (d) => delete d.response)), 'data.response must be an object'],
    [
      'a response to another request',
      () => event(changed(valid(), (d) => (d.response.id = 'other'))),
      'data.response.id must equal data.request.id',
    ],
    [
      'a seat without bids',
      () => event(changed(valid(), (d) => (d.response.seatbid = [{}]))),
      'data.response.seatbid[0].bid must be an array',
    ],
    [
      'a bid without price',
      () => event(changed(valid(), (d) => delete d.response.seatbid[0].bid[0].price)),
      'data.response.seatbid[0].bid[0].price must be a non-negative number',
    ],
    [
      'a bid for an unknown imp',
      () => event(changed(valid(), (d) => (d.response.seatbid[0].bid[0].impid = '9'))),
      'data.response.seatbid[0].bid[0].impid must be the id of an imp of data.request',
    ],
    [
      'a bid without its campaign',
      () => event(changed(valid(), (d) => (d.campaigns = {}))),
      'data.campaigns["r1:1"] must name the campaign of every bid',
    ],
    [
      'a campaign without advertiser',
      () => event(changed(valid(), (d) => delete d.campaigns['r1:1'].advertiserId)),
      'data.campaigns["r1:1"].advertiserId must be a non-empty string',
    ],
    ['no campaigns', () => event(changed(valid(), (d) => delete d.campaigns)), 'data.campaigns must be an object'],
    [
      'no enriched flag',
      () => event(changed(valid(), (d) => delete d.enriched)),
      'data.enriched must be true or false',
    ],
    [
      'a submitted flag that is no boolean',
      () => event(changed(valid(), (d) => (d.submitted = 'yes'))),
      'data.submitted must be true or false',
    ],
    [
      'no respondedAt',
      () => event(changed(valid(), (d) => delete d.respondedAt)),
      'data.respondedAt must be an RFC 3339 date-time',
    ],
  ];

  it.each(invalid)('rejects %s with a 400 naming the field', (_name, input, message) => {
    const attempt = () => readBidResponseEvent(input());
    expect(attempt).toThrow(InvalidFieldError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ status: 400 });
    }
  });
});
