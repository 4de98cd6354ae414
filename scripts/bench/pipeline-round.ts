import type { Pool } from 'undici';
import { runClosedLoop, type LoopRun } from './closed-loop.ts';
import type { OutcomeWatch } from './outcome-watch.ts';
import type { Progress } from './progress.ts';

/** What one round through the whole pipeline measured. */
export interface PipelineRound {
  /** the POSTs, timed until each 202 */
  readonly ingest: LoopRun;
  readonly accepted: number;
  readonly stored: number;
  /** all accepted bids' outcomes were stored before the drain timeout */
  readonly complete: boolean;
  /** outcomes stored per second, from the first POST to the last outcome stored */
  readonly outcomeRate: number;
  /** from each bid's POST to its outcome stored, ms */
  readonly storedLatenciesMs: number[];
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * POSTs `bodies` (Helios JSON whose request_id is `<prefix><index>`) to `/bid`, `concurrency` at a
 * time, then polls the outcomes table until every accepted bid's outcome is stored or `drainTimeoutMs`
 * passes. A non-202 answer counts as an error.
 */
export async function runPipelineRound(options: {
  pool: Pool;
  prefix: string;
  bodies: readonly string[];
  concurrency: number;
  watch: OutcomeWatch;
  drainTimeoutMs: number;
  label: string;
  progress: Progress;
  signal?: AbortSignal | undefined;
}): Promise<PipelineRound> {
  const { bodies, prefix, watch, progress } = options;
  const sentAt: number[] = new Array<number>(bodies.length);
  let done = 0;
  const ticker = setInterval(() => progress.status(`${options.label}: ${done}/${bodies.length} bids POSTed`), 500);
  const firstSent = Date.now();
  let ingest: LoopRun;
  try {
    ingest = await runClosedLoop({
      total: bodies.length,
      concurrency: options.concurrency,
      call: async (index) => {
        options.signal?.throwIfAborted();
        sentAt[index] = Date.now();
        const response = await options.pool.request({
          path: '/bid',
          method: 'POST',
          headers: JSON_HEADERS,
          body: bodies[index],
        });
        const text = await response.body.text();
        done++;
        if (response.statusCode !== 202)
          throw new Error(`POST /bid answered ${response.statusCode}: ${text.slice(0, 300)}`);
      },
    });
  } finally {
    clearInterval(ticker);
  }
  options.signal?.throwIfAborted();
  const accepted = ingest.latenciesMs.length;
  const drainStarted = performance.now();
  let stored = await watch.count(prefix);
  while (stored < accepted && performance.now() - drainStarted < options.drainTimeoutMs) {
    options.signal?.throwIfAborted();
    progress.status(`${options.label}: ${stored}/${accepted} outcomes stored`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stored = await watch.count(prefix);
  }
  const storedAt = await watch.storedAt(prefix);
  const storedLatenciesMs: number[] = [];
  let lastStored = firstSent;
  for (const [requestId, at] of storedAt) {
    const sent = sentAt[Number(requestId.slice(prefix.length))];
    if (sent === undefined) continue;
    storedLatenciesMs.push(at - sent);
    lastStored = Math.max(lastStored, at);
  }
  return {
    ingest,
    accepted,
    stored,
    complete: stored >= accepted,
    outcomeRate: (storedAt.size / Math.max(1, lastStored - firstSent)) * 1_000,
    storedLatenciesMs,
  };
}

/** Runs the same POSTs against the hello-world baseline: the same client, bodies and concurrency. */
export function runBaselineRound(options: {
  pool: Pool;
  bodies: readonly string[];
  concurrency: number;
}): Promise<LoopRun> {
  return runClosedLoop({
    total: options.bodies.length,
    concurrency: options.concurrency,
    call: async (index) => {
      const response = await options.pool.request({
        path: '/bid',
        method: 'POST',
        headers: JSON_HEADERS,
        body: options.bodies[index],
      });
      await response.body.text();
      if (response.statusCode !== 202) throw new Error(`the baseline answered ${response.statusCode}`);
    },
  });
}
