import * as core from '@helios/core';
import type { BidReplyEvent, EventRequester, Logger } from '@helios/core';
import type { CloudEvent } from 'cloudevents';

/**
 * Sends a bid request to the RequestReply and waits for the bidder's reply until `deadline`. Resolves with
 * the reply's data, or undefined when the deadline came first. The request is not aborted at the deadline:
 * it is already in the pipeline or about to be, and is let finish (up to `timeoutMs`) so the late decision
 * reaches the auction and analytics as not submitted; its answer is then dropped.
 * Throws DependencyUnavailableError (503) when the RequestReply cannot be reached or answers a failure
 * before the deadline, HeliosError 500 when its reply is no `dev.helios.bid.reply`.
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
  answered.catch((error: unknown) => options.logger.warn({ err: error, requestId: options.event.id }, 'late request failed'));
  try {
    const answer = await Promise.race([answered, deadlinePassed]);
    if (!answer) return undefined;
    if (answer.status !== 200) {
      throw new core.DependencyUnavailableError('request-reply', new Error(`answered ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`));
    }
    return readReply(answer.headers, answer.body);
  } finally {
    clearTimeout(timer);
  }
}

function readReply(headers: import('node:http').IncomingHttpHeaders, body: Buffer): BidReplyEvent {
  const message = core.readHttpEvent(headers, body);
  if (message.attributes['type'] !== core.EVENT_TYPES.bidReply) {
    throw new core.HeliosError({
      message: `the reply must be ${core.EVENT_TYPES.bidReply} (got ${message.attributes['type']})`,
      code: 'internal',
      status: 500,
      retryable: false,
    });
  }
  return JSON.parse(message.data.toString('utf8')) as BidReplyEvent;
}
