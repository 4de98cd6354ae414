import { summarize, type Summary } from './statistics.ts';

/**
 * Whether a bigger number is better (a rate) or worse (a duration): it decides which way the cost
 * ratio is taken, so every ratio reads the same way.
 */
export type Direction = 'higher-is-better' | 'lower-is-better';

/** One figure of a benchmark, beside the baseline measured in the same rounds. */
export interface Figure {
  /** e.g. 'GetProfile c=1 p50' */
  readonly name: string;
  /** e.g. 'ms', 'calls/s', 'µs/body' */
  readonly unit: string;
  readonly direction: Direction;
  /** what was measured, round by round */
  readonly value: Summary;
  readonly baselineName: string;
  readonly baseline: Summary;
  /**
   * Cost relative to the baseline, taken round by round (each round's figure over the baseline measured
   * next to it, so slow spells of a noisy machine cancel out) and then summarised: 2 means twice the
   * baseline's time per operation, whichever the unit.
   */
  readonly ratio: Summary;
}

/** Latency percentiles of one series, in ms (each the median over rounds). */
export interface LatencySeries {
  readonly label: string;
  readonly baseline: boolean;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** What one benchmark found. */
export interface BenchResult {
  readonly name: string;
  readonly title: string;
  readonly rounds: number;
  readonly figures: readonly Figure[];
  readonly latencies: readonly LatencySeries[];
  /** what a reader needs to read the figures right: corpus, concurrency, anything excluded or failed */
  readonly notes: readonly string[];
  /** everything measured, for results.json (per-step figures, CPU by process) */
  readonly details?: unknown;
}

/**
 * Cost of `value` relative to `baseline`, so that lower is better and 1 is "as fast as the baseline":
 * value ÷ baseline for durations, baseline ÷ value for rates. Infinity when a rate is zero.
 */
export function costRatio(options: { value: number; baseline: number; direction: Direction }): number {
  const { value, baseline, direction } = options;
  return direction === 'lower-is-better' ? value / baseline : baseline / value;
}

/**
 * Builds a Figure from paired per-round measurements (round i of `values` was measured next to round i
 * of `baselines`). Throws RangeError when the lists are empty or of different lengths.
 */
export function pairedFigure(options: {
  name: string;
  unit: string;
  direction: Direction;
  baselineName: string;
  values: readonly number[];
  baselines: readonly number[];
}): Figure {
  const { values, baselines, direction } = options;
  if (values.length === 0 || values.length !== baselines.length) {
    throw new RangeError(`${options.name}: ${values.length} rounds against ${baselines.length} baseline rounds`);
  }
  const ratios = values.map((value, index) => costRatio({ value, baseline: baselines[index]!, direction }));
  return Object.freeze({
    name: options.name,
    unit: options.unit,
    direction,
    value: summarize(values),
    baselineName: options.baselineName,
    baseline: summarize(baselines),
    ratio: summarize(ratios),
  });
}
