import { describe, expect, it } from 'vitest';
import {
  auctionOutcomeId,
  createAuctionOutcomeEvent,
  readAuctionOutcomeEvent,
  type AuctionOutcome,
} from '../src/auction-outcome-event.ts';
import { formatTraceparent } from '../src/trace.ts';
import { TRACE } from './fixtures.ts';

const win = (): AuctionOutcome => ({
  id: auctionOutcomeId('r1', '1'),
  requestId: 'r1',
  impId: '1',
  userId: 'u1',
  siteDomain: 'example.com',
  campaignId: 'campaign-1',
  advertiserId: 'advertiser-1',
  bidPrice: 1.5,
  winPrice: 1.2,
  floorPrice: 0.5,
  status: 'win',
  lossReason: null,
  enriched: true,
  submitted: true,
  decidedAt: '2026-11-21T12:00:00.060Z',
});

describe('createAuctionOutcomeEvent', () => {
  it('builds outcome:<request id>:<imp id>, keyed by campaign, with the outcome extension', () => {
    const event = createAuctionOutcomeEvent(win(), TRACE);
    expect(event).toMatchObject({
      id: 'outcome:r1:1',
      source: '/helios/auction',
      type: 'dev.helios.auction.outcome',
      subject: 'r1:1',
      outcome: 'win',
      partitionkey: 'campaign-1',
      traceparent: formatTraceparent(TRACE),
      data: win(),
    });
  });

  it('builds what readAuctionOutcomeEvent reads back, with the envelope that keys it', () => {
    const loss: AuctionOutcome = {
      ...win(),
      campaignId: null,
      advertiserId: null,
      bidPrice: null,
      winPrice: null,
      status: 'loss',
      lossReason: 500,
    };
    for (const outcome of [win(), loss]) {
      expect(readAuctionOutcomeEvent(createAuctionOutcomeEvent(outcome, TRACE))).toEqual({
        outcome,
        eventSource: '/helios/auction',
        eventId: `outcome:r1:1`,
        traceparent: formatTraceparent(TRACE),
      });
    }
  });

  it('reads a bid that was not submitted as a loss that keeps its bid, and an outcome from before the flag as submitted', () => {
    const late: AuctionOutcome = { ...win(), winPrice: null, status: 'loss', lossReason: 2, submitted: false };
    expect(readAuctionOutcomeEvent(createAuctionOutcomeEvent(late, TRACE)).outcome).toEqual(late);
    const { submitted: _submitted, ...old } = win();
    const event = createAuctionOutcomeEvent(old as AuctionOutcome, TRACE);
    expect(readAuctionOutcomeEvent(event).outcome).toEqual(win());
  });

  it('refuses a win that was not submitted, and a submitted flag that is no boolean, naming the field', () => {
    expect(() => readAuctionOutcomeEvent(createAuctionOutcomeEvent({ ...win(), submitted: false }, TRACE))).toThrow(
      'data.status must be loss when the bid was not submitted',
    );
    const odd = createAuctionOutcomeEvent({ ...win(), submitted: 'no' as unknown as boolean }, TRACE);
    expect(() => readAuctionOutcomeEvent(odd)).toThrow('data.submitted must be true or false');
  });
});
