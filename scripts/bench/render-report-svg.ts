import type { BenchResult } from './bench-result.ts';
import { formatNumber, formatRatio } from './format-table.ts';
import { axis, compact, logScale } from './log-scale-axis.ts';
import { escape, round, text } from './svg-elements.ts';

export interface ReportHeading {
  readonly title: string;
  /** one line under the title: when, which mode, which machine */
  readonly subtitle: string;
}

const WIDTH = 1000;
const LABEL_WIDTH = 330;
const PLOT_LEFT = LABEL_WIDTH + 20;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 70;
const ROW = 26;
/** extra space between the rows of two benchmarks */
const GROUP_GAP = 10;
const BENCH_COLORS = ['#2563eb', '#d97706', '#059669', '#9333ea', '#dc2626'];
const BASELINE_COLOR = '#9ca3af';
const PERCENTILE_SHADES = { p50: 1, p90: 0.7, p99: 0.45 } as const;

/**
 * The report chart as a standalone SVG document: one bar per figure for its cost ratio (log scale,
 * diverging from 1× = the baseline, whiskers over the rounds' interquartile range), then the latency
 * percentiles p50/p90/p99 of every latency series, baselines in grey. Pure: text in, text out.
 */
export function renderReportSvg(results: readonly BenchResult[], heading: ReportHeading): string {
  const parts: string[] = [];
  let y = 0;
  parts.push(
    text({
      x: 20,
      y: (y += 34),
      size: 20,
      weight: 'bold',
      content: heading.title,
    }),
  );
  parts.push(
    text({
      x: 20,
      y: (y += 22),
      size: 13,
      fill: '#4b5563',
      content: heading.subtitle,
    }),
  );

  const figures = results.flatMap((result, index) =>
    result.figures.map((figure) => ({
      bench: result.name,
      color: colorOf(index),
      figure,
    })),
  );
  if (figures.length > 0) {
    y += 40;
    parts.push(
      text({
        x: 20,
        y,
        size: 15,
        weight: 'bold',
        content: 'Cost relative to the same-run baseline',
      }),
    );
    parts.push(
      text({
        x: 20,
        y: (y += 18),
        size: 12,
        fill: '#4b5563',
        content:
          '× the baseline’s time per operation (rates inverted), median of rounds, whisker = interquartile range; log scale, lower is better',
      }),
    );
    y += 30;
    const ratios = figures.flatMap(({ figure }) => [figure.ratio.p25, figure.ratio.p75, figure.ratio.median]);
    const scale = logScale(ratios.concat(1), PLOT_LEFT, PLOT_WIDTH);
    const groups = new Set(figures.map(({ bench }) => bench)).size;
    const plotHeight = figures.length * ROW + (groups - 1) * GROUP_GAP;
    const top = y;
    parts.push(
      axis({
        scale,
        top: top - 8,
        height: plotHeight + 4,
        format: (tick) => `${compact(tick)}×`,
      }),
    );
    const oneX = scale.x(1);
    let previous = figures[0]?.bench;
    for (const { bench, color, figure } of figures) {
      if (bench !== previous) y += GROUP_GAP;
      previous = bench;
      const ratio = figure.ratio.median;
      const mid = y + ROW / 2;
      parts.push(
        text({
          x: LABEL_WIDTH,
          y: mid + 4,
          size: 12,
          anchor: 'end',
          content: `${bench} · ${figure.name}`,
        }),
      );
      const end = scale.x(ratio);
      parts.push(
        `<rect class="bar ratio" data-figure="${escape(`${bench}/${figure.name}`)}" x="${round(Math.min(oneX, end))}" y="${mid - 8}" width="${round(Math.max(1, Math.abs(end - oneX)))}" height="16" fill="${color}" rx="2"/>`,
      );
      parts.push(
        `<line x1="${round(scale.x(figure.ratio.p25))}" x2="${round(scale.x(figure.ratio.p75))}" y1="${mid}" y2="${mid}" stroke="#111827" stroke-width="1.5"/>`,
      );
      const labelRight = end >= oneX;
      parts.push(
        text({
          x: labelRight ? Math.max(end, scale.x(figure.ratio.p75)) + 6 : Math.min(end, scale.x(figure.ratio.p25)) - 6,
          y: mid + 4,
          size: 12,
          weight: 'bold',
          anchor: labelRight ? 'start' : 'end',
          content: formatRatio(ratio),
        }),
      );
      y += ROW;
    }
    parts.push(
      `<line x1="${round(oneX)}" x2="${round(oneX)}" y1="${top - 12}" y2="${y + 2}" stroke="#111827" stroke-width="1.5"/>`,
    );
    parts.push(
      text({
        x: oneX,
        y: y + 30,
        size: 11,
        anchor: 'middle',
        fill: '#111827',
        content: '1× = baseline',
      }),
    );
    y += 30;
  }

  const series = results.flatMap((result, index) =>
    result.latencies.map((latency) => ({
      bench: result.name,
      color: latency.baseline ? BASELINE_COLOR : colorOf(index),
      latency,
    })),
  );
  if (series.length > 0) {
    y += 44;
    parts.push(
      text({
        x: 20,
        y,
        size: 15,
        weight: 'bold',
        content: 'Latency percentiles (ms)',
      }),
    );
    parts.push(
      text({
        x: 20,
        y: (y += 18),
        size: 12,
        fill: '#4b5563',
        content: 'p50, p90, p99 (lighter = higher percentile), median of rounds; grey = baseline; log scale',
      }),
    );
    y += 30;
    const values = series
      .flatMap(({ latency }) => [latency.p50, latency.p90, latency.p99])
      .filter((value) => value > 0);
    const scale = logScale(values, PLOT_LEFT, PLOT_WIDTH);
    const rowHeight = 3 * 9 + 10;
    const groups = new Set(series.map(({ bench }) => bench)).size;
    parts.push(
      axis({
        scale,
        top: y - 8,
        height: series.length * rowHeight + (groups - 1) * GROUP_GAP,
        format: compact,
      }),
    );
    let previous = series[0]?.bench;
    for (const { bench, color, latency } of series) {
      if (bench !== previous) y += GROUP_GAP;
      previous = bench;
      parts.push(
        text({
          x: LABEL_WIDTH,
          y: y + 18,
          size: 12,
          anchor: 'end',
          content: `${bench} · ${latency.label}`,
        }),
      );
      (['p50', 'p90', 'p99'] as const).forEach((key, index) => {
        const value = latency[key];
        const barY = y + 3 + index * 9;
        const end = value > 0 ? scale.x(value) : PLOT_LEFT;
        parts.push(
          `<rect class="bar latency" data-series="${escape(`${bench}/${latency.label}/${key}`)}" x="${PLOT_LEFT}" y="${barY}" width="${round(Math.max(1, end - PLOT_LEFT))}" height="8" fill="${color}" fill-opacity="${PERCENTILE_SHADES[key]}"/>`,
        );
        parts.push(
          text({
            x: end + 4,
            y: barY + 7.5,
            size: 9.5,
            fill: '#374151',
            content: `${key} ${formatNumber(value)}`,
          }),
        );
      });
      y += rowHeight;
    }
  }
  y += 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${Math.ceil(y)}" viewBox="0 0 ${WIDTH} ${Math.ceil(y)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function colorOf(index: number): string {
  return BENCH_COLORS[index % BENCH_COLORS.length]!;
}
