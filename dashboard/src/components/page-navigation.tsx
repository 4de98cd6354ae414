import Link from 'next/link';
import { formatCount } from '../format.ts';

/**
 * "Showing 21–40 of 57" with previous and next links that keep every other query parameter of `params`.
 * The links are absent, not disabled, past either end.
 */
export function PageNavigation({
  path,
  params,
  page,
  pageSize,
  count,
}: {
  path: string;
  params: URLSearchParams;
  page: number;
  pageSize: number;
  count: number;
}) {
  const lastPage = Math.max(1, Math.ceil(count / pageSize));
  const first = count === 0 ? 0 : Math.min((page - 1) * pageSize + 1, count + 1);
  const last = Math.min(page * pageSize, count);
  const href = (target: number) => {
    const query = new URLSearchParams(params);
    query.set('page', String(target));
    return `${path}?${query.toString()}`;
  };
  return (
    <nav className="pagination" aria-label="Pages">
      <p aria-live="polite">
        {first > last ? `Page ${page} is past the end` : `Showing ${formatCount(first)}–${formatCount(last)}`} of{' '}
        <span data-testid="match-count">{formatCount(count)}</span> {count === 1 ? 'outcome' : 'outcomes'}
      </p>
      <ul>
        <li>
          {page > 1 ? (
            <Link href={href(Math.min(page - 1, lastPage))} rel="prev">
              ← Previous
            </Link>
          ) : null}
        </li>
        <li>
          Page {formatCount(page)} of {formatCount(lastPage)}
        </li>
        <li>
          {page < lastPage ? (
            <Link href={href(page + 1)} rel="next">
              Next →
            </Link>
          ) : null}
        </li>
      </ul>
    </nav>
  );
}
