import { setTimeout as sleep } from 'node:timers/promises';

/** What an open-loop run measured. */
export interface OpenLoopRun<T> {
  /** the rate asked for, per second */
  readonly ratePerSecond: number;
  /** when the first send was due, on the clock given (performance.now() by default) */
  readonly startedAt: number;
  /** from the first send's due time to the last answer (or failure) */
  readonly durationMs: number;
  /** per send, in index order: from its due time to its answer, ms; NaN when it failed */
  readonly latenciesMs: number[];
  /** per send: what `send` resolved to, undefined when it failed */
  readonly results: (T | undefined)[];
  readonly errors: number;
  /** the first error seen, to report what went wrong */
  readonly firstError?: unknown;
  /** the latest any send left after its due time, ms: large means the generator itself could not keep up */
  readonly maxSendLagMs: number;
}

/** When send `index` is due, in ms after the first, at `ratePerSecond`: fixed intervals from the start. */
export function dueOffsetMs(index: number, ratePerSecond: number): number {
  return (index * 1_000) / ratePerSecond;
}

/**
 * How many sends are due `elapsedMs` after the first was (the first is due at 0), capped at `total`. A
 * scheduler that woke late sends all of them at once, so the offered rate holds on average.
 */
export function dueCount(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0) return 0;
  // The epsilon keeps a send due at exactly elapsedMs from being lost to floating-point rounding.
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1_000 + 1e-9) + 1);
}

/**
 * Sends `total` requests at fixed intervals of 1/`ratePerSecond`, whether or not earlier ones were
 * answered (an open loop: a slow server faces the same offered load and its queue shows in the
 * latencies, which a closed loop of N workers would hide). Each latency is taken from the send's due
 * time, not from when it left, so a late scheduler cannot hide a stall either (no coordinated omission).
 * Resolves once every send was answered or failed; a send that rejects counts as an error.
 */
export async function runOpenLoop<T>(options: {
  ratePerSecond: number;
  total: number;
  send: (index: number) => Promise<T>;
  /** a monotonic clock in ms; default performance.now */
  now?: () => number;
  /** waits about `ms`; default a timer */
  wait?: (ms: number) => Promise<unknown>;
  /** told how many were sent and answered, about every 250 ms of the schedule */
  onProgress?: (sent: number, answered: number) => void;
  signal?: AbortSignal | undefined;
}): Promise<OpenLoopRun<T>> {
  const { ratePerSecond, total, send } = options;
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive (got ${ratePerSecond})`);
  const now = options.now ?? (() => performance.now());
  const wait = options.wait ?? ((ms: number) => sleep(ms));
  const latenciesMs = new Array<number>(total).fill(Number.NaN);
  const results = new Array<T | undefined>(total).fill(undefined);
  const pending: Promise<void>[] = [];
  let errors = 0;
  let firstError: unknown;
  let answered = 0;
  let maxSendLagMs = 0;
  let lastAnswer = 0;
  let nextProgress = 0;
  const startedAt = now();
  const fire = (index: number) => {
    const due = startedAt + dueOffsetMs(index, ratePerSecond);
    maxSendLagMs = Math.max(maxSendLagMs, now() - due);
    let promise: Promise<T>;
    try {
      promise = send(index);
    } catch (error) {
      promise = Promise.reject(error);
    }
    pending.push(
      promise.then(
        (result) => {
          const at = now();
          latenciesMs[index] = at - due;
          results[index] = result;
          answered++;
          lastAnswer = Math.max(lastAnswer, at);
        },
        (error: unknown) => {
          errors++;
          firstError ??= error;
          answered++;
          lastAnswer = Math.max(lastAnswer, now());
        },
      ),
    );
  };
  let sent = 0;
  while (sent < total) {
    options.signal?.throwIfAborted();
    const elapsed = now() - startedAt;
    for (const due = dueCount(elapsed, ratePerSecond, total); sent < due; sent++) fire(sent);
    if (elapsed >= nextProgress) {
      options.onProgress?.(sent, answered);
      nextProgress = elapsed + 250;
    }
    if (sent < total) await wait(Math.max(0, dueOffsetMs(sent, ratePerSecond) - (now() - startedAt)));
  }
  await Promise.all(pending);
  options.onProgress?.(sent, answered);
  return {
    ratePerSecond,
    startedAt,
    durationMs: Math.max(lastAnswer, startedAt) - startedAt,
    latenciesMs,
    results,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    maxSendLagMs,
  };
}
