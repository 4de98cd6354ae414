import type { AuctionOutcomeRow } from '@helios/core/db';
import { formatCpm, formatUtc } from '../format.ts';

/**
 * Loss reason codes (OpenRTB 3.0 List: Loss Reason Codes, which 2.6 §4.4 `${AUCTION_LOSS}` uses) that an
 * auction reports most; others show as their number.
 */
const LOSS_REASONS: Readonly<Record<number, string>> = {
  0: 'bid won',
  1: 'internal error',
  2: 'impression opportunity expired',
  3: 'invalid bid response',
  100: 'below auction floor',
  101: 'below deal floor',
  102: 'lost to higher bid',
  103: 'lost to a deal',
  104: 'buyer seat blocked',
};

/** Outcomes as a table, in the order given; `caption` says what they are (read by screen readers first). */
export function OutcomesTable({ rows, caption }: { rows: readonly AuctionOutcomeRow[]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="outcomes">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Decided (UTC)</th>
            <th scope="col">Request / imp</th>
            <th scope="col">User</th>
            <th scope="col">Site</th>
            <th scope="col">Campaign</th>
            <th scope="col" className="number">
              Bid (CPM)
            </th>
            <th scope="col" className="number">
              Paid (CPM)
            </th>
            <th scope="col" className="number">
              Floor (CPM)
            </th>
            <th scope="col">Result</th>
            <th scope="col">Profile</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-outcome-id={row.id}>
              <td className="nowrap">
                <time dateTime={row.decidedAt.toISOString()}>{formatUtc(row.decidedAt)}</time>
              </td>
              <td className="nowrap">
                <code>{row.requestId}</code> / <code>{row.impId}</code>
              </td>
              <td data-field="user_id" className="nowrap">
                {row.userId ?? '—'}
              </td>
              <td>{row.siteDomain ?? '—'}</td>
              <td className="nowrap">{row.campaignId ?? '—'}</td>
              <td className="number">{formatCpm(row.bidPrice)}</td>
              <td className="number">{formatCpm(row.winPrice)}</td>
              <td className="number">{formatCpm(row.floorPrice)}</td>
              <td data-field="win_status">
                <ResultBadge row={row} />
              </td>
              <td>{row.enriched ? 'enriched' : 'fallback'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResultBadge({ row }: { row: AuctionOutcomeRow }) {
  if (row.winStatus) return <span className="badge badge-win">Won</span>;
  if (row.bidPrice === null) return <span className="badge badge-nobid">No bid</span>;
  return (
    <>
      <span className="badge badge-loss">Lost</span> <span className="loss-reason">{lossReason(row.lossReason)}</span>
    </>
  );
}

function lossReason(code: number | null): string {
  if (code === null) return 'no reason given';
  return LOSS_REASONS[code] ?? `loss reason ${code}`;
}
