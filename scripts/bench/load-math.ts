/**
 * The arithmetic of the open-loop pipeline benchmark, kept apart from the I/O so it can be tested:
 * percentiles that count what never arrived, the backlog trend, the search for the highest sustainable
 * rate, CPU per bid, and the share of synchronous answers in time.
 */

/** p50/p90/p99/max of a run's latencies, in ms; Infinity where the rank falls on a bid that never arrived. */
export interface LatencyFigures {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** how many were sent */
  readonly count: number;
  /** how many never arrived (not answered, or outcome not stored) */
  readonly missing: number;
}

/**
 * Percentiles over `latencies` plus `missing` values that never arrived, ranked as infinitely late: a
 * run that lost 2% of its bids has an infinite p99, not the p99 of the 98% that made it. Interpolates
 * between the two nearest ranks (as statistics.ts's `percentile`) among the finite ones.
 */
export function latencyFigures(latencies: readonly number[], missing = 0): LatencyFigures {
  const sorted = latencies.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const lost = missing + (latencies.length - sorted.length);
  const count = sorted.length + lost;
  const at = (p: number): number => {
    if (count === 0) return Number.NaN;
    const rank = (p / 100) * (count - 1);
    const upper = Math.ceil(rank);
    if (upper >= sorted.length) return Number.POSITIVE_INFINITY;
    const lower = Math.floor(rank);
    return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (rank - lower);
  };
  return { p50: at(50), p90: at(90), p99: at(99), max: at(100), count, missing: lost };
}

/**
 * How many bids were waiting (sent, outcome not yet stored) at time `t`: sends due at or before `t` minus
 * outcomes stored at or before it. Times in the same clock (ms).
 */
export function outstandingAt(t: number, sentAt: readonly number[], storedAt: readonly number[]): number {
  const count = (list: readonly number[]) => list.reduce((sum, value) => sum + (value <= t ? 1 : 0), 0);
  return count(sentAt) - count(storedAt);
}

/**
 * Whether the backlog grew while the load was offered: the bids waiting at the end of the sending window
 * against those waiting halfway through it. A pipeline that keeps up holds a steady number in flight
 * (rate × latency); one that does not gains every second. Growth within `tolerance` (default: 10 bids
 * or 5% of the second half's sends, whichever is more) is noise.
 */
export function backlogGrew(options: {
  sentAt: readonly number[];
  storedAt: readonly number[];
  windowStart: number;
  windowEnd: number;
  tolerance?: number;
}): boolean {
  const { sentAt, storedAt, windowStart, windowEnd } = options;
  const middle = (windowStart + windowEnd) / 2;
  const secondHalf = sentAt.filter((value) => value > middle && value <= windowEnd).length;
  const tolerance = options.tolerance ?? Math.max(10, secondHalf * 0.05);
  return outstandingAt(windowEnd, sentAt, storedAt) - outstandingAt(middle, sentAt, storedAt) > tolerance;
}

/** The rule for "sustained": p99 POST → stored within the target, and no backlog building up. */
export function isSustained(run: { p99: number; backlogGrew: boolean }, p99TargetMs = 100): boolean {
  return run.p99 <= p99TargetMs && !run.backlogGrew;
}

/**
 * The next rate to try when searching for the highest sustained rate, given the rates tried so far;
 * null when the search has narrowed to within `precision` (default 15%) or hit a bound. Until a rate
 * fails, rates grow by half; until one passes, they halve; then the geometric middle of the highest
 * pass and the lowest fail above it.
 */
export function nextProbeRate(
  tried: readonly { rate: number; sustained: boolean }[],
  bounds: { min: number; max: number; precision?: number } = { min: 10, max: 5_000 },
): number | null {
  const precision = bounds.precision ?? 0.15;
  const passes = tried.filter((probe) => probe.sustained).map((probe) => probe.rate);
  const best = passes.length > 0 ? Math.max(...passes) : undefined;
  const fails = tried.filter((probe) => !probe.sustained && (best === undefined || probe.rate > best));
  const worst = fails.length > 0 ? Math.min(...fails.map((probe) => probe.rate)) : undefined;
  let next: number;
  if (best === undefined && worst === undefined) return bounds.min;
  if (worst === undefined) next = Math.min(bounds.max, Math.round(best! * 1.5));
  else if (best === undefined) next = Math.max(bounds.min, Math.round(worst / 2));
  else {
    if (worst / best <= 1 + precision) return null;
    next = Math.round(Math.sqrt(best * worst));
  }
  return tried.some((probe) => probe.rate === next) ? null : next;
}

/** CPU ms per bid of each process (and `total`), from the CPU each spent over a run of `bids`. */
export function cpuPerBid(spentMs: ReadonlyMap<string, number>, bids: number): Record<string, number> {
  const perBid: Record<string, number> = {};
  let total = 0;
  for (const [name, ms] of [...spentMs].sort((a, b) => b[1] - a[1])) {
    perBid[name] = bids > 0 ? ms / bids : Number.NaN;
    total += ms;
  }
  perBid['total'] = bids > 0 ? total / bids : Number.NaN;
  return perBid;
}

/** The synchronous endpoint's answers: what share came in time, and how fast. */
export interface SyncFigures extends LatencyFigures {
  /** answered 200 or 204 within `tmaxMs` of the send's due time, as a share of all sent (0–1) */
  readonly inTimeShare: number;
  readonly bids: number;
  readonly noBids: number;
  /** answers that were neither 200 nor 204 (errors, 4xx/5xx) */
  readonly failed: number;
}

/** Tallies a synchronous run: `statuses[i]` undefined when request i failed outright. */
export function syncFigures(options: {
  latenciesMs: readonly number[];
  statuses: readonly (number | undefined)[];
  tmaxMs: number;
}): SyncFigures {
  const { latenciesMs, statuses, tmaxMs } = options;
  let inTime = 0;
  let bids = 0;
  let noBids = 0;
  const answered: number[] = [];
  statuses.forEach((status, index) => {
    const latency = latenciesMs[index]!;
    if (status === 200) bids++;
    else if (status === 204) noBids++;
    else return;
    answered.push(latency);
    if (latency <= tmaxMs) inTime++;
  });
  const figures = latencyFigures(answered, statuses.length - answered.length);
  return {
    ...figures,
    inTimeShare: statuses.length === 0 ? Number.NaN : inTime / statuses.length,
    bids,
    noBids,
    failed: statuses.length - answered.length,
  };
}

/** Answers per second over a run: successes ÷ the time from the first due send to the last answer. */
export function throughput(successes: number, durationMs: number): number {
  return durationMs > 0 ? (successes / durationMs) * 1_000 : Number.NaN;
}
