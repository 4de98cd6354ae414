import { describe, expect, it } from 'vitest';
import { InvalidFieldError, type AuctionOutcome } from '@helios/core';
import { outcomeRow } from '../src/outcome-row.ts';
import { TRACE_ID, outcomeCloudEvent, wonOutcome } from './fixtures.ts';

const lost = (): AuctionOutcome => ({ ...wonOutcome(), status: 'loss', winPrice: null, lossReason: 102 });
const withData = (change: Partial<Record<keyof AuctionOutcome, unknown>>) =>
  outcomeCloudEvent({ ...wonOutcome(), ...change });

describe('outcomeRow', () => {
  it('maps an outcome event to its row, keyed by the event source and id, with the trace id', () => {
    expect(outcomeRow(outcomeCloudEvent(wonOutcome()))).toEqual({
      id: '80ce30c53c16e6ede735f123ef6e32361bfc7b22:1',
      eventSource: '/helios/auction',
      eventId: 'outcome:80ce30c53c16e6ede735f123ef6e32361bfc7b22:1',
      requestId: '80ce30c53c16e6ede735f123ef6e32361bfc7b22',
      impId: '1',
      userId: '55816b39711f9b5acf3b90e313ed29e51665623f',
      siteDomain: 'www.foobar.com',
      campaignId: 'campaign-1',
      advertiserId: 'advertiser-1',
      bidPrice: 1.25,
      winPrice: 0.8123,
      floorPrice: 0.03,
      winStatus: true,
      lossReason: null,
      enriched: true,
      submitted: true,
      traceId: TRACE_ID,
      decidedAt: new Date('2026-11-21T10:00:00.010Z'),
    });
  });

  it('maps a no-bid loss, reading absent nullable fields as null', () => {
    const { userId: _userId, campaignId: _campaignId, ...rest } = { ...lost(), bidPrice: null, lossReason: 500 };
    expect(outcomeRow(outcomeCloudEvent(rest))).toMatchObject({
      winStatus: false,
      bidPrice: null,
      winPrice: null,
      lossReason: 500,
      userId: null,
      campaignId: null,
    });
  });

  it('stores a late bid as not submitted, and an outcome from before the flag as submitted', () => {
    const late = { ...lost(), lossReason: 2, submitted: false };
    expect(outcomeRow(outcomeCloudEvent(late))).toMatchObject({
      winStatus: false,
      bidPrice: 1.25,
      lossReason: 2,
      submitted: false,
    });
    const { submitted: _submitted, ...old } = wonOutcome();
    expect(outcomeRow(outcomeCloudEvent(old)).submitted).toBe(true);
  });

  it('stores no trace id when the traceparent is absent or malformed', () => {
    expect(outcomeRow(outcomeCloudEvent(wonOutcome(), { traceparent: undefined })).traceId).toBeNull();
    expect(outcomeRow(outcomeCloudEvent(wonOutcome(), { traceparent: '00-xyz-01' })).traceId).toBeNull();
  });

  it.each([
    [
      'a body that is no CloudEvent',
      () => wonOutcome(),
      'request must be a CloudEvent (binary or structured content mode)',
    ],
    [
      'another event type',
      () => outcomeCloudEvent(wonOutcome(), { type: 'dev.helios.bid.response' }),
      'type must be dev.helios.auction.outcome',
    ],
    ['no data', () => outcomeCloudEvent(undefined), 'data must be a JSON object'],
    [
      'an id that is not <requestId>:<impId>',
      () => withData({ id: 'other' }),
      'data.id must be "<data.requestId>:<data.impId>"',
    ],
    ['no request id', () => withData({ requestId: undefined }), 'data.requestId must be a non-empty string'],
    ['a numeric imp id', () => withData({ impId: 1 }), 'data.impId must be a non-empty string'],
    ['a numeric user id', () => withData({ userId: 42 }), 'data.userId must be a string of at most 1024 characters'],
    [
      'a user id holding NUL',
      () => withData({ userId: 'u\u0000' }),
      'data.userId must be a string of at most 1024 characters, without control characters',
    ],
    [
      'a win without its campaign',
      () => withData({ campaignId: null }),
      'data.campaignId must be a non-empty string for a win',
    ],
    ['an unknown status', () => withData({ status: 'won' }), 'data.status must be win or loss'],
    [
      'a win without price',
      () => withData({ winPrice: null }),
      'data.winPrice must be a non-negative number below 100000000',
    ],
    [
      'a loss with a price',
      () => outcomeCloudEvent({ ...lost(), winPrice: 1 }),
      'data.winPrice must be null for a loss',
    ],
    [
      'a negative bid',
      () => withData({ bidPrice: -0.01 }),
      'data.bidPrice must be a non-negative number below 100000000',
    ],
    [
      'a price too large to store',
      () => withData({ bidPrice: 1e9 }),
      'data.bidPrice must be a non-negative number below 100000000',
    ],
    [
      'a text floor',
      () => withData({ floorPrice: '0.03' }),
      'data.floorPrice must be a non-negative number below 100000000',
    ],
    [
      'a fractional loss reason',
      () => outcomeCloudEvent({ ...lost(), lossReason: 1.5 }),
      'data.lossReason must be an integer ≥ 0, or null',
    ],
    ['no enriched flag', () => withData({ enriched: undefined }), 'data.enriched must be true or false'],
    ['a text submitted flag', () => withData({ submitted: 'yes' }), 'data.submitted must be true or false'],
    [
      'a win that was not submitted',
      () => withData({ submitted: false }),
      'data.status must be loss when the bid was not submitted',
    ],
    [
      'a decision time that is no date',
      () => withData({ decidedAt: 'yesterday' }),
      'data.decidedAt must be an RFC 3339 date-time',
    ],
  ])('rejects %s with a 400 naming the field', (_name, input, message) => {
    const attempt = () => outcomeRow(input());
    expect(attempt).toThrow(InvalidFieldError);
    expect(attempt).toThrow(message);
  });
});
