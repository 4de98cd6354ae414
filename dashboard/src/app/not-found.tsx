import Link from 'next/link';

/** Any path the dashboard does not serve. */
export default function NotFound() {
  return (
    <section className="error-state">
      <h1>Page not found</h1>
      <p>
        Go to the <Link href="/">overview</Link>, the <Link href="/outcomes/">outcomes</Link> or the{' '}
        <Link href="/campaigns/">campaigns</Link>.
      </p>
    </section>
  );
}
