import type { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import {
  createAuctionOutcomeEvent,
  DependencyUnavailableError,
  formatTraceparent,
  type AuctionOutcome,
  type Emitter,
} from '@helios/core';
import { runAuction } from '../src/auction.ts';
import { createOutcomeSink } from '../src/outcome-sink.ts';
import { bidResponseEvent, firstPriceRequest } from './fixtures.ts';

const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };
const request = { ...firstPriceRequest(), imp: [{ id: '1' }, { id: '2' }, { id: '3' }] };
const outcomes = runAuction({
  event: bidResponseEvent(request, { '1': 9 }),
  competitors: 3,
  incrementCpm: 0.01,
  referenceCpm: 1,
  decidedAt: new Date('2026-11-21T10:00:00Z'),
});

describe('createAuctionOutcomeEvent', () => {
  it('carries the outcome under a deterministic id with outcome, partitionkey and traceparent extensions', () => {
    const event = createAuctionOutcomeEvent(outcomes[0]!, trace);
    expect(event).toMatchObject({
      id: `outcome:${request.id}:1`,
      source: '/helios/auction',
      type: 'dev.helios.auction.outcome',
      datacontenttype: 'application/json',
      time: '2026-11-21T10:00:00.000Z',
      outcome: 'win',
      partitionkey: 'campaign-1',
      traceparent: formatTraceparent(trace),
      data: outcomes[0],
    });
  });

  it('keys an outcome without a campaign by its request id', () => {
    expect(createAuctionOutcomeEvent(outcomes[1]!, trace)).toMatchObject({ outcome: 'loss', partitionkey: request.id });
  });
});

describe('createOutcomeSink', () => {
  it('emits one event per outcome', async () => {
    const sent: CloudEvent<unknown>[] = [];
    await createOutcomeSink({ emit: async (event) => void sent.push(event) }).publish(outcomes, { trace });
    expect(sent.map((event) => event.id)).toEqual(
      outcomes.map((outcome) => `outcome:${outcome.requestId}:${outcome.impId}`),
    );
  });

  it('rejects with the first failure only after every send has settled', async () => {
    const settled: string[] = [];
    const emitter: Emitter = {
      async emit(event) {
        await new Promise((resolve) => setTimeout(resolve, event.id.endsWith(':1') ? 1 : 20));
        settled.push(event.id);
        if (!event.id.endsWith(':3')) throw new DependencyUnavailableError('event sink');
      },
    };
    await expect(createOutcomeSink(emitter).publish(outcomes as AuctionOutcome[], { trace })).rejects.toThrow(
      DependencyUnavailableError,
    );
    expect(settled).toHaveLength(3);
  });
});
