import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { InvalidFieldError } from '@helios/core';
import { validateBidResponseEvent } from '../src/validate-bid-response-event.ts';
import { bidResponseEvent, firstPriceRequest } from './fixtures.ts';

const valid = () => bidResponseEvent(firstPriceRequest(), { '1': 1.5 });
const cloudEvent = (data: unknown, type = 'dev.helios.bid.response') =>
  new CloudEvent({ id: 'response:r1', source: '/helios/bidder', type, data }, false);

/** A copy of a valid event with one change made to its data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test breaks the types on purpose
function changed(change: (data: any) => void): unknown {
  const data = structuredClone(valid());
  change(data);
  return data;
}

const invalid: [string, () => unknown, string][] = [
  ['a body that is no CloudEvent', () => valid(), 'request must be a CloudEvent (binary or structured content mode)'],
  ['another event type', () => cloudEvent(valid(), 'dev.helios.bid.request'), 'type must be dev.helios.bid.response'],
  ['text data', () => cloudEvent('{"request":{}}'), 'data must be a JSON object'],
  ['no request', () => cloudEvent(changed((data) => delete data.request)), 'data.request must be an object'],
  [
    'no request id',
    () => cloudEvent(changed((data) => delete data.request.id)),
    'data.request.id must be a non-empty string',
  ],
  [
    'no imps',
    () => cloudEvent(changed((data) => (data.request.imp = []))),
    'data.request.imp must be a non-empty array',
  ],
  [
    'an imp without id',
    () => cloudEvent(changed((data) => (data.request.imp[0]!.id = ''))),
    'data.request.imp[0].id must be a non-empty string',
  ],
  [
    'duplicate imp ids',
    () => cloudEvent(changed((data) => data.request.imp.push({ id: '1' }))),
    'data.request.imp[1].id must be unique',
  ],
  [
    'a negative floor',
    () => cloudEvent(changed((data) => (data.request.imp[0]!.bidfloor = -1))),
    'data.request.imp[0].bidfloor must be a number ≥ 0',
  ],
  [
    'an exchange-specific auction type',
    () => cloudEvent(changed((data) => (data.request.at = 501))),
    'data.request.at must be 1 (first price) or 2 (second price)',
  ],
  [
    'a numeric user id',
    () => cloudEvent(changed((data) => (data.request.user = { id: 7 as never }))),
    'data.request.user.id must be a string',
  ],
  ['no response', () => cloudEvent(changed((data) => delete data.response)), 'data.response must be an object'],
  [
    'a response to another request',
    () => cloudEvent(changed((data) => (data.response.id = 'other'))),
    'data.response.id must equal data.request.id',
  ],
  [
    'a seat without bids',
    () => cloudEvent(changed((data) => (data.response.seatbid = [{} as never]))),
    'data.response.seatbid[0].bid must be an array',
  ],
  [
    'a bid without price',
    () => cloudEvent(changed((data) => delete data.response.seatbid![0]!.bid[0]!.price)),
    'data.response.seatbid[0].bid[0].price must be a number ≥ 0',
  ],
  [
    'a bid for an unknown imp',
    () => cloudEvent(changed((data) => (data.response.seatbid![0]!.bid[0]!.impid = '9'))),
    'data.response.seatbid[0].bid[0].impid must be the id of an imp of data.request',
  ],
  [
    'a campaign without advertiser',
    () => cloudEvent(changed((data) => delete data.campaigns['bid-1']!.advertiserId)),
    'data.campaigns["bid-1"].advertiserId must be a non-empty string',
  ],
  ['no campaigns', () => cloudEvent(changed((data) => delete data.campaigns)), 'data.campaigns must be an object'],
  [
    'no enriched flag',
    () => cloudEvent(changed((data) => delete data.enriched)),
    'data.enriched must be true or false',
  ],
];

describe('validateBidResponseEvent', () => {
  it('returns the data of a valid event', () => {
    expect(validateBidResponseEvent(cloudEvent(valid()))).toEqual(valid());
  });

  it('accepts a no-bid response without seatbid, and a bid id that is a JavaScript property name', () => {
    const noBid = changed((data) => delete data.response.seatbid);
    expect(validateBidResponseEvent(cloudEvent(noBid))).toEqual(noBid);
    const oddId = changed((data) => {
      data.response.seatbid![0]!.bid[0]!.id = 'constructor';
      data.campaigns = {};
    });
    expect(validateBidResponseEvent(cloudEvent(oddId))).toEqual(oddId);
  });

  it.each(invalid)('rejects %s with a 400 naming the field', (_name, input, message) => {
    const attempt = () => validateBidResponseEvent(input());
    expect(attempt).toThrow(InvalidFieldError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, message });
    }
  });
});
