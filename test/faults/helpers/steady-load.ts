import { setTimeout as sleep } from 'node:timers/promises';
import { bidBody } from '../../reliability/helpers/bids.ts';

/** One bid the load sent: when, in which phase of the fault, and what the ingress answered. */
export interface SentBid {
  readonly requestId: string;
  readonly phase: string;
  readonly sentAt: number;
  /** The status; 0 when no response came (connection refused, reset, timeout); undefined while in flight. */
  status?: number;
}

/** A fixed-rate sender running until stopped. */
export interface SteadyLoad {
  /** Bids sent from now on carry this phase. */
  enterPhase(phase: string): void;
  /** Every bid sent so far, in send order. */
  readonly sent: readonly SentBid[];
  /** Stops sending and waits for every bid in flight to be answered. */
  stop(): Promise<readonly SentBid[]>;
}

/**
 * Open-loop load, as an exchange sends it: bid n leaves at start + n / rate whether or not earlier ones
 * were answered, so a slow or refusing ingress does not slow the sender down. Each bid is POSTed once
 * (an exchange does not resend a bid request); `maxBids` bounds a run that is never stopped.
 */
export function startSteadyLoad(options: {
  url: () => string;
  prefix: string;
  ratePerSecond: number;
  maxBids: number;
  phase: string;
}): SteadyLoad {
  const sent: SentBid[] = [];
  const inFlight = new Set<Promise<void>>();
  let phase = options.phase;
  let stopped = false;
  const startedAt = Date.now();

  const send = (bid: SentBid, index: number) => {
    const request = post(`${options.url()}/bid`, bidBody(bid.requestId, index)).then((status) => {
      bid.status = status;
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };
  const loop = (async () => {
    while (!stopped && sent.length < options.maxBids) {
      const due = Math.min(options.maxBids, Math.floor(((Date.now() - startedAt) * options.ratePerSecond) / 1000) + 1);
      while (sent.length < due) {
        const index = sent.length;
        const bid: SentBid = { requestId: `${options.prefix}-${index}`, phase, sentAt: Date.now() };
        sent.push(bid);
        send(bid, index);
      }
      await sleep(5);
    }
  })();

  return {
    enterPhase(next) {
      phase = next;
    },
    sent,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all([...inFlight]);
      return sent;
    },
  };
}

/** The status, or 0 when no response came. */
async function post(url: string, body: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
