'use client';

/**
 * What a page shows when loading its data failed. Next hides a server error's message in production, and
 * the usual cause is the database, so say where to look.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="error-state" role="alert">
      <h1>This page could not load its data</h1>
      <p>
        The dashboard reads the outcomes from Postgres. Check that the database is up and that <code>DATABASE_URL</code>{' '}
        points to it: <a href="/api/health/">/api/health/</a> reports what the dashboard sees.
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
