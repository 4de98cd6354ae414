import { linePath, niceCeiling, type ChartDay } from '../chart-series.ts';
import { formatCount, formatMoney, formatPercent } from '../format.ts';

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 64, bottom: 28, left: 44 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const GRID = [0, 0.5, 1];

/**
 * Wins (bars) and spend (line) per day, and the win rate per day, as two inline SVG charts: no chart
 * library, no client JavaScript. Each chart is an image with a text summary; the numbers behind both are
 * in a table under them, for screen readers and for anyone who wants the exact values.
 */
export function DailyChart({ days }: { days: readonly ChartDay[] }) {
  const band = PLOT_WIDTH / Math.max(days.length, 1);
  const x = (index: number) => MARGIN.left + band * (index + 0.5);
  const y = (value: number, max: number) => MARGIN.top + PLOT_HEIGHT * (1 - value / max);
  const winsMax = niceCeiling(Math.max(...days.map((day) => day.wins), 0));
  const spendMax = niceCeiling(Math.max(...days.map((day) => day.spend), 0));
  const labelEvery = Math.ceil(days.length / 7);
  const totals = days.reduce((sum, day) => ({ wins: sum.wins + day.wins, spend: sum.spend + day.spend }), {
    wins: 0,
    spend: 0,
  });
  const first = days[0]?.date ?? '';
  const last = days.at(-1)?.date ?? '';

  const xLabels = days.map((day, index) =>
    index % labelEvery === (days.length - 1) % labelEvery ? (
      <text key={day.date} x={x(index)} y={HEIGHT - 8} textAnchor="middle" className="chart-label">
        {day.date.slice(5)}
      </text>
    ) : null,
  );

  return (
    <div className="charts">
      <figure className="chart">
        <figcaption>
          <span className="legend legend-wins">Wins</span> <span className="legend legend-spend">Spend</span> per day
        </figcaption>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="wins-chart-title wins-chart-desc">
          <title id="wins-chart-title">Wins and spend per day</title>
          <desc id="wins-chart-desc">
            {`From ${first} to ${last}: ${formatCount(totals.wins)} wins, ${formatMoney(totals.spend)} spent.`}
          </desc>
          {GRID.map((share) => (
            <g key={share}>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(share, 1)}
                y2={y(share, 1)}
                className="chart-grid"
              />
              <text x={MARGIN.left - 6} y={y(share, 1) + 4} textAnchor="end" className="chart-label">
                {formatCount(winsMax * share)}
              </text>
              <text x={WIDTH - MARGIN.right + 6} y={y(share, 1) + 4} className="chart-label">
                {formatMoney(spendMax * share)}
              </text>
            </g>
          ))}
          {days.map((day, index) => (
            <rect
              key={day.date}
              x={x(index) - band * 0.3}
              width={band * 0.6}
              y={y(day.wins, winsMax)}
              height={PLOT_HEIGHT - (y(day.wins, winsMax) - MARGIN.top)}
              className="chart-bar"
            >
              <title>{`${day.date}: ${formatCount(day.wins)} wins`}</title>
            </rect>
          ))}
          <path
            d={linePath(days.map((day, index) => [x(index), y(day.spend, spendMax)]))}
            className="chart-line chart-spend"
          />
          {days.map((day, index) => (
            <circle key={day.date} cx={x(index)} cy={y(day.spend, spendMax)} r={3} className="chart-dot chart-spend">
              <title>{`${day.date}: ${formatMoney(day.spend)} spent`}</title>
            </circle>
          ))}
          {xLabels}
        </svg>
      </figure>

      <figure className="chart">
        <figcaption>
          <span className="legend legend-rate">Win rate</span> per day
        </figcaption>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="rate-chart-title rate-chart-desc">
          <title id="rate-chart-title">Win rate per day</title>
          <desc id="rate-chart-desc">
            {`Share of auctions won each day from ${first} to ${last}; days without auctions have no point.`}
          </desc>
          {GRID.map((share) => (
            <g key={share}>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(share, 1)}
                y2={y(share, 1)}
                className="chart-grid"
              />
              <text x={MARGIN.left - 6} y={y(share, 1) + 4} textAnchor="end" className="chart-label">
                {formatPercent(share * 100)}
              </text>
            </g>
          ))}
          <path
            d={linePath(days.map((day, index) => (day.outcomes > 0 ? [x(index), y(day.winRate, 100)] : null)))}
            className="chart-line chart-rate"
          />
          {days.map((day, index) =>
            day.outcomes > 0 ? (
              <circle key={day.date} cx={x(index)} cy={y(day.winRate, 100)} r={3} className="chart-dot chart-rate">
                <title>{`${day.date}: ${formatPercent(day.winRate)} of ${formatCount(day.outcomes)} auctions won`}</title>
              </circle>
            ) : null,
          )}
          {xLabels}
        </svg>
      </figure>

      <details className="chart-data">
        <summary>The numbers behind the charts</summary>
        <table>
          <caption className="visually-hidden">Auctions, wins, spend and win rate per day (UTC)</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="number">
                Auctions
              </th>
              <th scope="col" className="number">
                Wins
              </th>
              <th scope="col" className="number">
                Spend
              </th>
              <th scope="col" className="number">
                Win rate
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{day.date}</th>
                <td className="number">{formatCount(day.outcomes)}</td>
                <td className="number">{formatCount(day.wins)}</td>
                <td className="number">{formatMoney(day.spend)}</td>
                <td className="number">{day.outcomes > 0 ? formatPercent(day.winRate) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
