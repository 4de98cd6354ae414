import { CloudEvent } from 'cloudevents';
import type { AuctionOutcome } from '@helios/core';

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

/** A won outcome as the auction emits it for imp "1" of the OpenRTB 2.6 spec's ex1 request. */
export function wonOutcome(requestId = '80ce30c53c16e6ede735f123ef6e32361bfc7b22'): AuctionOutcome {
  return {
    id: `${requestId}:1`,
    requestId,
    impId: '1',
    userId: '55816b39711f9b5acf3b90e313ed29e51665623f',
    siteDomain: 'www.foobar.com',
    campaignId: 'campaign-1',
    advertiserId: 'advertiser-1',
    bidPrice: 1.25,
    winPrice: 0.8123,
    floorPrice: 0.03,
    status: 'win',
    lossReason: null,
    enriched: true,
  submitted: true,
    decidedAt: '2026-11-21T10:00:00.010Z',
  };
}

/** The `dev.helios.auction.outcome` CloudEvent the auction sends for an outcome. */
export function outcomeCloudEvent(data: unknown, attributes: Record<string, unknown> = {}): CloudEvent<unknown> {
  const outcome = data as Partial<AuctionOutcome> | undefined;
  return new CloudEvent<unknown>(
    {
      id: `outcome:${outcome?.requestId}:${outcome?.impId}`,
      source: '/helios/auction',
      type: 'dev.helios.auction.outcome',
      datacontenttype: 'application/json',
      data,
      outcome: outcome?.status,
      partitionkey: outcome?.campaignId ?? outcome?.requestId,
      traceparent: TRACEPARENT,
      ...attributes,
    },
    false,
  );
}
