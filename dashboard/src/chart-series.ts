import type { DailyStats } from './outcome-queries.ts';
import { startOfUtcDay } from './spend.ts';

/** One day on the chart's axis, zero when nothing happened. */
export interface ChartDay {
  /** YYYY-MM-DD, UTC */
  readonly date: string;
  readonly outcomes: number;
  readonly wins: number;
  readonly spend: number;
  /** percent */
  readonly winRate: number;
}

/**
 * The `days` UTC days ending with today, oldest first, each filled from `stats` (which lists only days
 * with outcomes, in any order) or zero: a chart's x axis must not skip quiet days.
 */
export function chartDays(stats: readonly DailyStats[], options: { days: number; now?: Date }): ChartDay[] {
  const byDate = new Map(stats.map((day) => [day.date, day]));
  const today = startOfUtcDay(options.now ?? new Date()).getTime();
  return Array.from({ length: options.days }, (_, index) => {
    const date = new Date(today - (options.days - 1 - index) * 86_400_000).toISOString().slice(0, 10);
    const day = byDate.get(date);
    return {
      date,
      outcomes: day?.outcomes ?? 0,
      wins: day?.wins ?? 0,
      spend: day?.spend ?? 0,
      winRate: day?.winRate ?? 0,
    };
  });
}

/**
 * The top of an axis that shows `value`: the next 1, 2 or 5 × 10^n at or above it (1 for 0), so that
 * gridlines fall on round numbers.
 */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((multiple) => multiple * magnitude >= value * (1 - 1e-12)) ?? 10;
  return step * magnitude;
}

/** An SVG path (`M x,y L x,y ...`) through the points, to one decimal; a null point breaks the line. */
export function linePath(points: ReadonlyArray<readonly [number, number] | null>): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (!point) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${point[0].toFixed(1)},${point[1].toFixed(1)} `;
    drawing = true;
  }
  return path.trim();
}
