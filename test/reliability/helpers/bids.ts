import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/** A simple Helios bid request (fixtures/helios-seed) with one ad slot: one outcome each. */
export function bidBody(requestId: string, index: number): string {
  return JSON.stringify({
    request_id: requestId,
    user_id: `user-${String((index % 200) + 1).padStart(3, '0')}`,
    site: { domain: 'news.example.com', page: 'https://news.example.com/home' },
    device: { user_agent: 'Mozilla/5.0 (reliability test)', ip: '192.0.2.10' },
    ad_slots: [{ id: 'slot-1', min_bid: 0.2, format: ['300x250'] }],
  });
}

export interface BidResult {
  readonly requestId: string;
  /** Every status the ingress answered, in order: a bid retried after a 503 has several. */
  readonly statuses: readonly number[];
}

/**
 * POSTs each bid to `<url>/bid` with `concurrency` in flight. With `retryUntilAccepted`, a bid answered
 * 5xx (or not answered) is sent again, as an exchange would, up to `maxAttempts` times. Once `signal`
 * aborts, no further bid is started; the results hold only the bids that were sent.
 */
export async function postBids(options: {
  url: string;
  requestIds: readonly string[];
  concurrency: number;
  retryUntilAccepted?: boolean;
  maxAttempts?: number;
  signal?: AbortSignal;
}): Promise<BidResult[]> {
  const results: BidResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.requestIds.length && !options.signal?.aborted) {
      const index = next++;
      const requestId = options.requestIds[index]!;
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= (options.retryUntilAccepted ? (options.maxAttempts ?? 60) : 1); attempt++) {
        const status = await postBid(`${options.url}/bid`, bidBody(requestId, index));
        statuses.push(status);
        if (status < 500 && status !== 0) break;
        await sleep(250);
      }
      results.push({ requestId, statuses });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return results;
}

/** The status, or 0 when no response came (connection refused, reset, timeout). */
async function postBid(url: string, body: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export interface OutcomeCounts {
  /** Rows stored. */
  readonly rows: number;
  /** Distinct request ids among them. */
  readonly requests: number;
  /** CloudEvents (source, id) stored more than once: must stay 0. */
  readonly duplicates: number;
}

/** Counts the outcomes analytics stored for request ids starting with `prefix`. */
export async function countOutcomes(client: pg.Pool | pg.Client, prefix: string): Promise<OutcomeCounts> {
  const { rows } = await client.query<{ rows: number; requests: number; duplicates: number }>(
    `select count(*)::int as rows,
            count(distinct request_id)::int as requests,
            (select count(*)::int from (
               select 1 from auction_outcomes where request_id like $1
               group by event_source, event_id having count(*) > 1) as repeated) as duplicates
       from auction_outcomes where request_id like $1`,
    [`${prefix}%`],
  );
  return rows[0]!;
}
