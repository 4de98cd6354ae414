import Link from 'next/link';
import { connection } from 'next/server';
import { chartDays } from '../chart-series.ts';
import { DailyChart } from '../components/daily-chart.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { OutcomesTable } from '../components/outcomes-table.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { dashboardConfig } from '../config.ts';
import { withDatabase } from '../database.ts';
import { formatCount, formatCpm, formatMoney, formatPercent } from '../format.ts';
import { deadLetterSummary } from '../dead-letter-queries.ts';
import { dailyStats, outcomeStats, recentWins } from '../outcome-queries.ts';

const CHART_DAYS = 14;

/** The overview: totals, wins and spend per day over two weeks, and the latest wins. */
export default async function OverviewPage() {
  await connection();
  const now = new Date();
  const [stats, days, wins, deadLetters] = await withDatabase((database) =>
    Promise.all([
      outcomeStats(database, {}),
      dailyStats(database, { filters: {}, days: CHART_DAYS, now }),
      recentWins(database, { filters: {}, limit: 5 }),
      deadLetterSummary(database),
    ]),
  );
  // Shown even before the first outcome: a pipeline whose analytics fails has dead letters and no outcomes.
  const deadLetterCard = (
    <StatCard
      label="Dead letters"
      value={formatCount(deadLetters.count)}
      detail={
        deadLetters.count === 0
          ? 'events that failed every retry'
          : 'failed every retry: npm run dead-letters -- list, then replay'
      }
    />
  );

  if (stats.totalOutcomes === 0) {
    return (
      <>
        <h1>Overview</h1>
        <EmptyState title="No auctions yet" bidUrl={dashboardConfig().bidUrl}>
          <p>The database holds no auction outcomes: nothing has been bid on since it was created.</p>
        </EmptyState>
        {deadLetters.count > 0 ? (
          <dl className="stat-grid" data-testid="stats">
            {deadLetterCard}
          </dl>
        ) : null}
      </>
    );
  }

  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="totals-title">
        <h2 id="totals-title" className="visually-hidden">
          Totals
        </h2>
        <dl className="stat-grid" data-testid="stats">
          <StatCard
            label="Auctions"
            value={formatCount(stats.totalOutcomes)}
            detail={`${formatCount(stats.totalLosses)} lost`}
          />
          <StatCard label="Wins" value={formatCount(stats.totalWins)} />
          <StatCard label="Win rate" value={formatPercent(stats.winRate)} />
          <StatCard label="Spend" value={formatMoney(stats.totalSpend)} detail="win price ÷ 1000 per impression" />
          <StatCard label="Average win price" value={formatCpm(stats.averageWinPrice)} detail="CPM" />
          <StatCard
            label="Enriched"
            value={formatPercent(stats.enrichedShare)}
            detail="bids made with the user's profile"
          />
          {deadLetterCard}
        </dl>
      </section>

      <section aria-labelledby="daily-title">
        <h2 id="daily-title">Last {CHART_DAYS} days (UTC)</h2>
        <DailyChart days={chartDays(days, { days: CHART_DAYS, now })} />
      </section>

      <section aria-labelledby="wins-title">
        <div className="section-heading">
          <h2 id="wins-title">Latest wins</h2>
          <Link href="/outcomes/?win_status=true">All wins →</Link>
        </div>
        {wins.length > 0 ? (
          <OutcomesTable rows={wins} caption="The five most recent wins, newest first" />
        ) : (
          <p>No wins yet: every bid so far lost its auction.</p>
        )}
      </section>
    </>
  );
}
