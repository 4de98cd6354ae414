import { describe, expect, it } from 'vitest';
import { pairedFigure, type BenchResult } from '../../scripts/bench/bench-result.ts';
import { formatNumber, formatRatio, formatSummary, formatTable } from '../../scripts/bench/format-table.ts';
import { summarize } from '../../scripts/bench/statistics.ts';

describe('formatNumber and formatRatio', () => {
  it('keep three significant digits and separate thousands', () => {
    expect(formatNumber(12_345.6)).toBe('12,346');
    expect(formatNumber(123.456)).toBe('123');
    expect(formatNumber(1.23456)).toBe('1.23');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(0)).toBe('0');
  });

  it('write a ratio with its × and spell out what is not a number', () => {
    expect(formatRatio(2.5)).toBe('2.50×');
    expect(formatRatio(0.5)).toBe('0.500×');
    expect(formatRatio(Infinity)).toBe('∞×');
    expect(formatNumber(Number.NaN)).toBe('n/a');
  });

  it('print a summary as its median ± half the interquartile range, without ± for one round', () => {
    expect(formatSummary(summarize([1, 2, 3, 4, 5]), '×')).toBe('3.00× ±33.3%');
    expect(formatSummary(summarize([7]))).toBe('7.00');
  });
});

describe('formatTable', () => {
  it('prints one row per figure with its value, its baseline and the ratio', () => {
    const result: BenchResult = {
      name: 'ingest',
      title: 'ingest',
      rounds: 3,
      figures: [
        pairedFigure({
          name: 'decode+validate',
          unit: 'µs/body',
          direction: 'lower-is-better',
          baselineName: 'JSON.parse',
          values: [3, 3, 3],
          baselines: [2, 2, 2],
        }),
      ],
      latencies: [],
      notes: [],
    };
    const lines = formatTable([result]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(
      /^ingest\s+decode\+validate\s+3\.00 ±0% µs\/body\s+2\.00 ±0% µs\/body\s+\(JSON\.parse\)\s+1\.50× ±0%$/,
    );
  });
});
