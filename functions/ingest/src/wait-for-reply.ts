import * as core from '@helios/core';
import type { BidReplyEvent, EventRequester, Logger } from '@helios/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { CloudEvent } from 'cloudevents';

/**
 * Sends a bid request to the RequestReply and waits for the bidder's reply until `deadline`. Resolves with
 * the reply's data, or undefined when the deadline came first. The request is not aborted at the deadline:
 * it is already in the pipeline or about to be, and is let finish (up to `timeoutMs`) so the late decision
 * reaches the auction and analytics as not submitted; its answer is then dropped.
 * Throws DependencyUnavailableError (503) when the RequestReply cannot be reached or answers a failure
 * before the deadline, HeliosError 500 when its reply is no `dev.helios.bid.reply` to this request (see
 * readReply).
 */
export async function waitForReply(options: {
  requester: EventRequester;
  event: CloudEvent<unknown>;
  deadline: Date;
  timeoutMs: number;
  logger: Logger;
}): Promise<BidReplyEvent | undefined> {
  const exchange = options.requester.request(options.event, { timeoutMs: options.timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  const deadlinePassed = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, options.deadline.getTime() - Date.now()));
  });
  const answered = exchange.then(
    (answer) => answer,
    (error: unknown) => {
      throw new core.DependencyUnavailableError('request-reply', error);
    },
  );
  // After the deadline nobody awaits the exchange; its failure is only logged.
  answered.catch((error: unknown) =>
    options.logger.warn({ err: error, requestId: options.event.id }, 'late request failed'),
  );
  try {
    const answer = await Promise.race([answered, deadlinePassed]);
    if (!answer) return undefined;
    if (answer.status !== 200) {
      throw new core.DependencyUnavailableError(
        'request-reply',
        new Error(`answered ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`),
      );
    }
    return readReply(answer.headers, answer.body, options.event.id);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The reply's data, read with core's readBidReplyEvent and checked to answer `requestId`. A reply that is
 * not a well-formed `dev.helios.bid.reply` to this request is our own bug, not the exchange's: HeliosError
 * 500 naming what was wrong.
 */
function readReply(headers: IncomingHttpHeaders, body: Buffer, requestId: string): BidReplyEvent {
  try {
    const message = core.readHttpEvent(headers, body);
    const reply = core.readBidReplyEvent({ ...message.attributes, data: JSON.parse(message.data.toString('utf8')) });
    if (reply.response.id !== requestId) throw new core.InvalidFieldError('data.response.id', 'must be the request id');
    return reply;
  } catch (error) {
    throw new core.HeliosError({
      message: `the RequestReply's reply is no ${core.EVENT_TYPES.bidReply} to this request: ${(error as Error).message}`,
      code: 'internal',
      status: 500,
      retryable: false,
      cause: error,
    });
  }
}
