import { describe, expect, it } from 'vitest';
import { pairedFigure, type BenchResult } from '../../scripts/bench/bench-result.ts';
import { renderReportSvg } from '../../scripts/bench/render-report-svg.ts';

function result(name: string, ratios: number[], latencies: BenchResult['latencies'] = []): BenchResult {
  return {
    name,
    title: name,
    rounds: 1,
    figures: ratios.map((ratio, index) =>
      pairedFigure({
        name: `figure <${index}>`,
        unit: 'ms',
        direction: 'lower-is-better',
        baselineName: 'base',
        values: [ratio],
        baselines: [1],
      }),
    ),
    latencies,
    notes: [],
  };
}

const heading = { title: 'Helios benchmarks', subtitle: 'today & here' };

describe('renderReportSvg', () => {
  it('draws one ratio bar per figure and three latency bars per series', () => {
    const svg = renderReportSvg(
      [
        result('ingest', [1.5, 0.5]),
        result(
          'pipeline',
          [40],
          [
            {
              label: 'POST→stored',
              baseline: false,
              p50: 100,
              p90: 200,
              p99: 400,
            },
            { label: 'hello', baseline: true, p50: 1, p90: 2, p99: 4 },
          ],
        ),
      ],
      heading,
    );
    expect(svg.match(/class="bar ratio"/g)).toHaveLength(3);
    expect(svg.match(/class="bar latency"/g)).toHaveLength(6);
    for (const label of ['1.50×', '0.500×', '40.0×', 'p99 400']) expect(svg).toContain(label);
  });

  it('draws a longer bar for a bigger ratio, and bars below 1× on the other side of the baseline line', () => {
    const svg = renderReportSvg([result('profile', [2, 20, 0.5])], heading);
    const bars = [...svg.matchAll(/class="bar ratio"[^>]* x="([\d.]+)"[^>]* width="([\d.]+)"/g)].map((match) => ({
      x: Number(match[1]),
      width: Number(match[2]),
    }));
    expect(bars).toHaveLength(3);
    const [two, twenty, half] = bars as [(typeof bars)[0], (typeof bars)[0], (typeof bars)[0]];
    expect(twenty.width).toBeGreaterThan(two.width);
    expect(two.x).toBe(twenty.x);
    expect(half.x + half.width).toBeCloseTo(two.x, 0);
  });

  it('is a standalone SVG document with its text escaped', () => {
    const svg = renderReportSvg([result('ingest', [1.2])], heading);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('today &amp; here');
    expect(svg).toContain('figure &lt;0&gt;');
    expect(svg).not.toContain('<0>');
  });
});
