import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { REPOSITORY_ROOT } from '../../reliability/helpers/isolated-root.ts';
import type { SentBid } from './steady-load.ts';

/** What became of the bids sent in one phase of a fault. */
export interface PhaseFigures {
  readonly sent: number;
  /** Answered 2xx by the ingress. */
  readonly accepted: number;
  /** Bids with at least one stored outcome. */
  readonly stored: number;
  /** Dead-letter records that came from these bids (any stage). */
  readonly deadLettered: number;
  /** Bids stored more than once (one ad slot each: more than one row). */
  readonly duplicated: number;
  /** Share of stored outcomes with enriched = true; null when none is stored. */
  readonly enrichment: number | null;
  /** How the ingress answered, by status (0: no answer). */
  readonly statuses: Readonly<Record<string, number>>;
}

/** One bid's stored outcome rows. */
export interface StoredOutcome {
  readonly rows: number;
  readonly enriched: number;
  /** When the auction first decided it (ms since the epoch). */
  readonly decidedAt: number;
}

/** The stored outcomes of the bids whose request id starts with `prefix`, by request id. */
export async function storedOutcomes(pool: pg.Pool, prefix: string): Promise<Map<string, StoredOutcome>> {
  const { rows } = await pool.query<{ request_id: string; rows: number; enriched: number; decided_at: Date }>(
    `select request_id, count(*)::int as rows, count(*) filter (where enriched)::int as enriched,
            min(decided_at) as decided_at
       from auction_outcomes where request_id like $1 group by request_id`,
    [`${prefix}%`],
  );
  return new Map(
    rows.map((row) => [
      row.request_id,
      { rows: row.rows, enriched: row.enriched, decidedAt: new Date(row.decided_at).getTime() },
    ]),
  );
}

/** Figures for the given bids, from what was stored and dead-lettered. */
export function phaseFigures(
  bids: readonly SentBid[],
  outcomes: ReadonlyMap<string, StoredOutcome>,
  deadLettered: ReadonlyMap<string, number>,
): PhaseFigures {
  let stored = 0;
  let rows = 0;
  let enriched = 0;
  let duplicated = 0;
  let dead = 0;
  for (const bid of bids) {
    const outcome = outcomes.get(bid.requestId);
    dead += deadLettered.get(bid.requestId) ?? 0;
    if (!outcome) continue;
    stored += 1;
    rows += outcome.rows;
    enriched += outcome.enriched;
    if (outcome.rows > 1) duplicated += 1;
  }
  return {
    sent: bids.length,
    accepted: bids.filter((bid) => isAccepted(bid)).length,
    stored,
    deadLettered: dead,
    duplicated,
    enrichment: rows === 0 ? null : enriched / rows,
    statuses: countStatuses(bids),
  };
}

function countStatuses(bids: readonly SentBid[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const bid of bids) {
    const status = String(bid.status ?? 'none');
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** A 2xx from the ingress: the exchange was told the bid was taken. */
export function isAccepted(bid: SentBid): boolean {
  return bid.status !== undefined && bid.status >= 200 && bid.status < 300;
}

/** One fault's figures, as results.json and the README table hold them. */
export interface FaultResult {
  readonly fault: string;
  /** before: steady load; during: from the fault until the service is back; after: from then to the end. */
  readonly phases: Readonly<Record<'before' | 'during' | 'after', PhaseFigures>>;
  /** Enrichment of the bids sent once enrichment was seen back (the window the suite asserts on). */
  readonly recoveredEnrichment: number | null;
  /** Seconds from the service's return until enrichment was seen back (observed, not asserted). */
  readonly secondsToRecover: number;
  /** Accepted bids stored only after their dead letters were replayed. */
  readonly replayed: number;
  /** Accepted bids not stored exactly once at the end: the suite asserts 0. */
  readonly lostOrDoubled: number;
  /** Per second of sending: bids sent, outcomes stored, of which enriched (diagnostics; not in the README). */
  readonly timeline: readonly {
    readonly second: number;
    readonly phase: string;
    readonly sent: number;
    readonly stored: number;
    readonly enriched: number;
  }[];
  readonly notes?: string;
}

/** One second of a fault's run. */
export interface TimelineSecond {
  readonly second: number;
  readonly phase: string;
  readonly sent: number;
  readonly stored: number;
  readonly enriched: number;
  readonly medianDecisionMs: number | null;
}

/** Buckets the bids by the second they were sent in, counting what was stored and enriched of each. */
export function timeline(bids: readonly SentBid[], outcomes: ReadonlyMap<string, StoredOutcome>): TimelineSecond[] {
  const first = bids[0]?.sentAt ?? 0;
  const seconds: { second: number; phase: string; sent: number; stored: number; enriched: number; lags: number[] }[] =
    [];
  for (const bid of bids) {
    const second = Math.floor((bid.sentAt - first) / 1000);
    const bucket = (seconds[second] ??= { second, phase: bid.phase, sent: 0, stored: 0, enriched: 0, lags: [] });
    const outcome = outcomes.get(bid.requestId);
    bucket.sent += 1;
    if (!outcome) continue;
    bucket.stored += outcome.rows;
    bucket.enriched += outcome.enriched;
    bucket.lags.push(outcome.decidedAt - bid.sentAt);
  }
  return seconds.filter(Boolean).map(({ lags, ...bucket }) => ({
    ...bucket,
    medianDecisionMs: lags.length === 0 ? null : lags.sort((a, b) => a - b)[Math.floor(lags.length / 2)]!,
  }));
}

export const RESULTS_FILE = path.join(REPOSITORY_ROOT, '.helios', 'faults', 'results.json');

/** Adds (or replaces) one fault's result in .helios/faults/results.json. */
export async function recordFaultResult(result: FaultResult): Promise<void> {
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  const previous = await readFile(RESULTS_FILE, 'utf8').then(
    (text) => (JSON.parse(text) as { results: FaultResult[] }).results,
    () => [] as FaultResult[],
  );
  const results = [...previous.filter((entry) => entry.fault !== result.fault), result];
  await writeFile(RESULTS_FILE, `${JSON.stringify({ updatedAt: new Date().toISOString(), results }, null, 2)}\n`);
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The Markdown table of the README's "Faults" section: one row per fault and phase. */
export function faultTable(results: readonly FaultResult[]): string {
  const lines = [
    '| fault | phase | sent | accepted | stored | dead-lettered | duplicated | enriched |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    for (const phase of ['before', 'during', 'after'] as const) {
      const figures = result.phases[phase];
      lines.push(
        `| ${phase === 'before' ? result.fault : ''} | ${phase} | ${figures.sent} | ${figures.accepted} | ${figures.stored} | ` +
          `${figures.deadLettered} | ${figures.duplicated} | ${percent(figures.enrichment)} |`,
      );
    }
  }
  lines.push(
    '',
    '| fault | replayed from dead letters | lost or doubled at the end | enriched after recovery | recovery seen after |',
  );
  lines.push('|---|---|---|---|---|');
  for (const result of results)
    lines.push(
      `| ${result.fault} | ${result.replayed} | ${result.lostOrDoubled} | ${percent(result.recoveredEnrichment)} | ` +
        `${result.secondsToRecover.toFixed(1)} s |`,
    );
  return lines.join('\n');
}
