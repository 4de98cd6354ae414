import type { BenchResult } from './bench-result.ts';
import { relativeSpread, type Summary } from './statistics.ts';

/**
 * A number with the precision a reader can use: three significant digits, thousands separated
 * (12,345; 123; 12.3; 1.23; 0.0123). Non-finite numbers are spelled out.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'n/a' : value > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1_000) return Math.round(value).toLocaleString('en-US');
  if (magnitude === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(magnitude)));
  return value.toFixed(digits);
}

/** A cost ratio as people say it: `3.40×`, `0.500×`; `∞×` when the figure was zero. */
export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio)}×`;
}

/** `median ±spread%`, the spread being half the interquartile range over the rounds. */
export function formatSummary(summary: Summary, suffix = ''): string {
  const spread = relativeSpread(summary);
  const spreadText = summary.count > 1 && Number.isFinite(spread) ? ` ±${formatNumber(spread * 100)}%` : '';
  return `${formatNumber(summary.median)}${suffix}${spreadText}`;
}

/**
 * The terminal table: one row per figure, with its value, its same-run baseline and the cost ratio
 * (medians over rounds, ± half the interquartile range).
 */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['bench', 'figure', 'value', 'baseline (same run)', 'cost × baseline'];
  const rows = results.flatMap((result) =>
    result.figures.map((figure) => [
      result.name,
      figure.name,
      `${formatSummary(figure.value)} ${figure.unit}`,
      `${formatSummary(figure.baseline)} ${figure.unit}  (${figure.baselineName})`,
      formatSummary(figure.ratio, '×'),
    ]),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column >= 2 && column !== 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
