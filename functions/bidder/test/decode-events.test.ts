import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { decodeBidRequestEvent, decodeWinOutcome } from '../src/decode-events.ts';
import { bidRequest } from './fixtures.ts';

const receivedAt = '2026-11-21T12:00:00.000Z';
const requestEvent = (data: unknown) =>
  new CloudEvent<unknown>(
    { id: 'e', source: '/helios/ingest', type: 'dev.helios.bid.request', datacontenttype: 'application/json', data },
    false,
  );
const outcomeEvent = (data: unknown) =>
  new CloudEvent<unknown>(
    { id: 'o', source: '/helios/auction', type: 'dev.helios.auction.outcome', outcome: 'win', data },
    false,
  );

describe('decodeBidRequestEvent', () => {
  it('returns the data of a valid event', () => {
    const data = { request: bidRequest([1]), format: 'openrtb', receivedAt };
    expect(decodeBidRequestEvent(requestEvent(data))).toEqual(data);
  });

  // data → expected message
  const invalid: [string, unknown, string][] = [
    ['no data', undefined, 'data must be a JSON object'],
    ['no request', { receivedAt }, 'data.request must be an OpenRTB BidRequest object'],
    ['no request id', { request: { imp: [{ id: '1' }] }, receivedAt }, 'data.request.id must be a non-empty string'],
    ['no imps', { request: { id: 'r', imp: [] }, receivedAt }, 'data.request.imp must hold at least one imp'],
    [
      'an imp without id',
      { request: { id: 'r', imp: [{ id: '1' }, {}] }, receivedAt },
      'data.request.imp[1].id must be a non-empty string',
    ],
    [
      'a bad receivedAt',
      { request: bidRequest([1]), receivedAt: 'yesterday' },
      'data.receivedAt must be an RFC 3339 timestamp',
    ],
  ];
  it.each(invalid)('rejects %s with 400 naming the field', (_name, data, message) => {
    expect(() => decodeBidRequestEvent(requestEvent(data))).toThrow(message);
  });
});

describe('decodeWinOutcome', () => {
  const win = { requestId: 'r', impId: '1', campaignId: 'c', winPrice: 2.5, decidedAt: receivedAt, status: 'win' };

  it('returns a valid win', () => {
    expect(decodeWinOutcome(outcomeEvent(win))).toMatchObject({ campaignId: 'c', winPrice: 2.5 });
  });

  const invalid: [string, unknown, string][] = [
    ['no campaign', { ...win, campaignId: null }, 'data.campaignId must be a non-empty string for a win'],
    ['a negative price', { ...win, winPrice: -1 }, 'data.winPrice must be a number ≥ 0 for a win'],
    ['no price', { ...win, winPrice: null }, 'data.winPrice must be a number ≥ 0 for a win'],
    ['a bad decidedAt', { ...win, decidedAt: 'now' }, 'data.decidedAt must be an RFC 3339 timestamp'],
  ];
  it.each(invalid)('rejects %s with 400 naming the field', (_name, data, message) => {
    expect(() => decodeWinOutcome(outcomeEvent(data))).toThrow(message);
  });
});
