import { round, text } from './svg-elements.ts';

/** A log scale mapped onto a horizontal pixel range. */
export interface LogScale {
  readonly min: number;
  readonly max: number;
  x(value: number): number;
}

/**
 * A log scale from `left` over `width` pixels whose ends are 1-2-5 steps around `values` (with room at
 * both ends). Non-positive and non-finite values are ignored; with none left, 1 to 10.
 */
export function logScale(values: readonly number[], left: number, width: number): LogScale {
  const finite = values.filter((value) => Number.isFinite(value) && value > 0);
  const low = finite.length > 0 ? Math.min(...finite) : 1;
  const high = finite.length > 0 ? Math.max(...finite) : 10;
  // Some room at both ends, so the shortest bar is visible and the longest has space for its label.
  const min = niceStep(low / 1.4, 'down');
  const max = Math.max(niceStep(high * 1.2, 'up'), min * 10);
  const span = Math.log10(max) - Math.log10(min);
  return {
    min,
    max,
    x: (value) => {
      const clamped = Math.min(max, Math.max(min, Number.isFinite(value) && value > 0 ? value : max));
      return left + ((Math.log10(clamped) - Math.log10(min)) / span) * width;
    },
  };
}

function niceStep(value: number, direction: 'up' | 'down'): number {
  const decade = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 5, 10];
  const step =
    direction === 'down'
      ? [...steps].reverse().find((candidate) => candidate * decade <= value * (1 + 1e-9))!
      : steps.find((candidate) => candidate * decade >= value * (1 - 1e-9))!;
  return step * decade;
}

/** Vertical grid lines and labels at 1-2-5 ticks (decades only when the scale spans more than three). */
export function axis(options: {
  scale: LogScale;
  top: number;
  height: number;
  format: (value: number) => string;
}): string {
  const { scale, top, height } = options;
  const ticks: number[] = [];
  // Past three decades the 2 and 5 ticks' labels would run into each other.
  const steps = Math.log10(scale.max / scale.min) > 3 ? [1] : [1, 2, 5];
  for (let decade = 10 ** Math.floor(Math.log10(scale.min)); decade <= scale.max; decade *= 10) {
    for (const step of steps) {
      const tick = step * decade;
      if (tick >= scale.min * (1 - 1e-9) && tick <= scale.max * (1 + 1e-9)) ticks.push(tick);
    }
  }
  return ticks
    .map((tick) => {
      const x = round(scale.x(tick));
      return [
        `<line x1="${x}" x2="${x}" y1="${round(top)}" y2="${round(top + height)}" stroke="#e5e7eb"/>`,
        text({
          x,
          y: top + height + 14,
          size: 10,
          anchor: 'middle',
          fill: '#6b7280',
          content: options.format(tick),
        }),
      ].join('');
    })
    .join('\n');
}

/** A tick label: 0.2, 5, 1000 — no trailing zeros. */
export function compact(value: number): string {
  return String(Number(value.toPrecision(3)));
}
