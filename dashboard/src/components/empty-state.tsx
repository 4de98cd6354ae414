import type { ReactNode } from 'react';

/** A sample bid in the simple Helios JSON form (the seed's submit-enriched-bid.json, trimmed). */
const SAMPLE_BID = JSON.stringify({
  request_id: 'demo-1',
  user_id: 'user-001',
  site: { domain: 'news.example.com' },
  ad_slots: [{ id: 'slot-1', min_bid: 0.35, format: ['300x250'] }],
});

/** What to do when there is nothing to show: a title, why, and the command that sends a first bid to `bidUrl`. */
export function EmptyState({ title, bidUrl, children }: { title: string; bidUrl: string; children?: ReactNode }) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <h2 id="empty-state-title">{title}</h2>
      {children}
      <p>Send a bid request to the ingest function, then reload this page:</p>
      <pre>
        <code>{`curl -X POST ${bidUrl} \\\n  -H 'content-type: application/json' \\\n  -d '${SAMPLE_BID}'`}</code>
      </pre>
      <p className="hint">
        Outcomes appear once the bidder, the auction and analytics have handled it (the local cluster runs them all:{' '}
        <code>npm start</code>).
      </p>
    </section>
  );
}
