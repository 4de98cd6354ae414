import type { IncomingHttpHeaders } from 'node:http';
import { HTTP, type CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import {
  createBidReplyEvent,
  createBidRequestEvent,
  createLogger,
  HeliosError,
  type BidResponse,
  type EventAnswer,
  type EventRequester,
} from '@helios/core';
import { waitForReply } from '../src/wait-for-reply.ts';

const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };
const logger = createLogger({ service: 'ingest-test', level: 'silent' });
const request = { id: 'r1', imp: [{ id: '1', banner: { w: 300, h: 250 } }], tmax: 100 };
const event = createBidRequestEvent({ request, format: 'openrtb', receivedAt: new Date(), trace: TRACE });
const bid: BidResponse = { id: 'r1', seatbid: [{ seat: 'a', bid: [{ id: 'r1:1', impid: '1', price: 1.5 }] }] };

/** The RequestReply's answer carrying `reply`, in binary mode as it sends it. */
function answer(reply: CloudEvent<unknown>): EventAnswer {
  const message = HTTP.binary(reply);
  return { status: 200, headers: message.headers as IncomingHttpHeaders, body: Buffer.from(message.body as string) };
}

/** A RequestReply stand-in answering `result` after `delayMs`. */
function requester(result: EventAnswer, delayMs = 0): EventRequester {
  return { request: () => new Promise((resolve) => setTimeout(() => resolve(result), delayMs)) };
}

const wait = (from: EventRequester, deadlineMs = 1_000) =>
  waitForReply({ requester: from, event, deadline: new Date(Date.now() + deadlineMs), timeoutMs: 5_000, logger });

describe('waitForReply', () => {
  it("resolves with the bidder's reply, read by core's reader", async () => {
    const reply = createBidReplyEvent({ response: bid, submitted: true, correlationId: 'c', trace: TRACE });
    expect(await wait(requester(answer(reply)))).toEqual({ response: bid, submitted: true });
  });

  it('resolves undefined when the deadline comes first', async () => {
    const reply = createBidReplyEvent({ response: bid, submitted: true, correlationId: 'c', trace: TRACE });
    expect(await wait(requester(answer(reply), 200), 10)).toBeUndefined();
  });

  it('refuses, as our own fault (500), a reply to another request or one that breaks the reply contract', async () => {
    const other = createBidReplyEvent({
      response: { ...bid, id: 'r2' },
      submitted: true,
      correlationId: 'c',
      trace: TRACE,
    });
    await expect(wait(requester(answer(other)))).rejects.toMatchObject({ status: 500 });
    const noPrice = createBidReplyEvent({
      response: { id: 'r1', seatbid: [{ bid: [{ id: 'r1:1', impid: '1' } as never] }] },
      submitted: true,
      correlationId: 'c',
      trace: TRACE,
    });
    await expect(wait(requester(answer(noPrice)))).rejects.toThrow(/data\.response\.seatbid\[0\]\.bid\[0\]\.price/);
    const wrongType = event.cloneWith({ id: 'x' }, false);
    await expect(wait(requester(answer(wrongType)))).rejects.toBeInstanceOf(HeliosError);
  });

  it('answers 503 when the RequestReply answers a failure before the deadline', async () => {
    const failure: EventAnswer = { status: 503, headers: {}, body: Buffer.from('busy') };
    await expect(wait(requester(failure))).rejects.toMatchObject({ status: 503 });
  });
});
