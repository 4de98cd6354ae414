import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { InvalidFieldError } from '@helios/core';
import { EmptyState } from '../../components/empty-state.tsx';
import { OutcomeFilterForm } from '../../components/outcome-filter-form.tsx';
import { OutcomesTable } from '../../components/outcomes-table.tsx';
import { PageNavigation } from '../../components/page-navigation.tsx';
import { dashboardConfig } from '../../config.ts';
import { withDatabase } from '../../database.ts';
import { parseOutcomeFilters, type OutcomeFilters } from '../../outcome-filters.ts';
import { listOutcomes } from '../../outcome-queries.ts';
import { DEFAULT_PAGE_SIZE, parsePagination, type Pagination } from '../../pagination.ts';
import { toSearchParams } from '../../search-params.ts';

export const metadata: Metadata = { title: 'Outcomes' };

/** Every auction outcome, newest first, filtered by the same query parameters as GET /api/outcomes/. */
export default async function OutcomesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const params = toSearchParams(await searchParams);
  let filters: OutcomeFilters = {};
  let pagination: Pagination = { page: 1, pageSize: DEFAULT_PAGE_SIZE };
  let invalid: string | undefined;
  try {
    filters = parseOutcomeFilters(params);
    pagination = parsePagination(params);
  } catch (error) {
    if (!(error instanceof InvalidFieldError)) throw error;
    invalid = error.message;
  }
  const { count, rows } = await withDatabase((database) => listOutcomes(database, { filters, pagination }));
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <h1>Outcomes</h1>
      <OutcomeFilterForm values={Object.fromEntries(params)} />
      {invalid ? (
        <p className="notice" role="alert">
          Showing every outcome instead: {invalid}.
        </p>
      ) : null}
      {count === 0 && !filtered ? (
        <EmptyState title="No auction outcomes yet" bidUrl={dashboardConfig().bidUrl} />
      ) : count === 0 ? (
        <p className="notice" role="status">
          No outcomes match these filters. <Link href="/outcomes/">Clear the filters</Link>
        </p>
      ) : (
        <>
          <OutcomesTable
            rows={rows}
            caption={filtered ? 'Outcomes that match the filters, newest first' : 'All outcomes, newest first'}
          />
          <PageNavigation
            path="/outcomes/"
            params={params}
            page={pagination.page}
            pageSize={pagination.pageSize}
            count={count}
          />
        </>
      )}
    </>
  );
}
