/** The figures a set of measurements is reported by: the median and how far the middle half spreads. */
export interface Summary {
  readonly median: number;
  /** first and third quartiles: the spread reported, robust to one stray round on a noisy machine */
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/**
 * The `p`-th percentile (0–100) of `values`, interpolated linearly between the two nearest ranks (the
 * "type 7" estimator of R and NumPy), so the median of [1, 2, 3, 4] is 2.5. `values` need not be sorted
 * and is not modified. Throws RangeError for an empty list or a `p` outside [0, 100].
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100] (got ${p})`);
  return percentileOfSorted(sortAscending(values), p);
}

/** Several percentiles of one list, sorting it once. Same rules as `percentile`. */
export function percentiles<P extends number>(values: readonly number[], ps: readonly P[]): Record<P, number> {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  const sorted = sortAscending(values);
  return Object.fromEntries(ps.map((p) => [p, percentileOfSorted(sorted, p)])) as Record<P, number>;
}

/** Median, quartiles and extremes of `values`. Throws RangeError for an empty list. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('summary of an empty list');
  const sorted = sortAscending(values);
  return Object.freeze({
    median: percentileOfSorted(sorted, 50),
    p25: percentileOfSorted(sorted, 25),
    p75: percentileOfSorted(sorted, 75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    count: sorted.length,
  });
}

/** Half the interquartile range as a share of the median: the "±" printed beside a figure. 0 for a zero median. */
export function relativeSpread(summary: Summary): number {
  return summary.median === 0 ? 0 : (summary.p75 - summary.p25) / 2 / Math.abs(summary.median);
}

function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const weight = rank - lower;
  // On an exact rank the value itself: interpolating would turn an infinite latency (never arrived) into NaN.
  if (weight === 0) return sorted[lower]!;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}
