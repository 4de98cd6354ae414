import { describe, expect, it } from 'vitest';
import { createBidReplyEvent, readBidReplyEvent, type BidReplyEvent } from '../src/bid-reply-event.ts';
import { InvalidFieldError } from '../src/errors.ts';
import { formatTraceparent } from '../src/trace.ts';
import { TRACE, changed, cloudEvent } from './fixtures.ts';

const valid = (): BidReplyEvent => ({
  response: {
    id: 'r1',
    bidid: 'response:r1',
    cur: 'USD',
    seatbid: [
      {
        seat: 'advertiser-1',
        bid: [{ id: 'r1:1', impid: '1', price: 1.5, cid: 'campaign-1', adomain: ['a.example'] }],
      },
    ],
  },
  submitted: true,
});
const event = (data: unknown, type = 'dev.helios.bid.reply') => cloudEvent(type, data);

describe('createBidReplyEvent', () => {
  it('builds reply:<request id> with the replyid of the request it answers, the BidResponse alone', () => {
    const { response, submitted } = valid();
    const built = createBidReplyEvent({ response, submitted, correlationId: 'c-1', trace: TRACE });
    expect(built).toMatchObject({
      id: 'reply:r1',
      source: '/helios/bidder',
      type: 'dev.helios.bid.reply',
      partitionkey: 'r1',
      replyid: 'c-1',
      traceparent: formatTraceparent(TRACE),
    });
    expect(built.data).toEqual(valid());
    expect(readBidReplyEvent(built)).toEqual(valid());
  });
});

describe('readBidReplyEvent', () => {
  it('returns the data of a valid reply, a no-bid with a reason and a late one included', () => {
    const noBid = { response: { id: 'r1', nbr: 15 }, submitted: false };
    expect(readBidReplyEvent(event(noBid))).toEqual(noBid);
  });

  const invalid: [string, () => unknown, string][] = [
    ['another event type', () => event(valid(), 'dev.helios.bid.response'), 'type must be dev.helios.bid.reply'],
    ['no response', () => event(changed(valid(), (d) => delete d.response)), 'data.response must be an object'],
    ['no response id', () => event(changed(valid(), (d) => delete d.response.id)), 'data.response.id must be'],
    ['a text nbr', () => event(changed(valid(), (d) => (d.response.nbr = '15'))), 'data.response.nbr must be'],
    [
      'a seat without bids',
      () => event(changed(valid(), (d) => (d.response.seatbid = [{}]))),
      'data.response.seatbid[0].bid must be an array',
    ],
    [
      'a bid without impid',
      () => event(changed(valid(), (d) => delete d.response.seatbid[0].bid[0].impid)),
      'data.response.seatbid[0].bid[0].impid must be',
    ],
    [
      'a negative price',
      () => event(changed(valid(), (d) => (d.response.seatbid[0].bid[0].price = -1))),
      'data.response.seatbid[0].bid[0].price must be a non-negative number',
    ],
    [
      'no submitted flag',
      () => event(changed(valid(), (d) => delete d.submitted)),
      'data.submitted must be true or false',
    ],
  ];

  it.each(invalid)('rejects %s naming the field', (_name, input, message) => {
    const attempt = () => readBidReplyEvent(input());
    expect(attempt).toThrow(InvalidFieldError);
    expect(attempt).toThrow(message);
  });
});
