import Form from 'next/form';
import Link from 'next/link';

/** The filter values as the reader typed them (raw query parameters), to show back in the form. */
export interface FilterFormValues {
  readonly user_id?: string;
  readonly win_status?: string;
  readonly min_price?: string;
  readonly max_price?: string;
  readonly page_size?: string;
}

/**
 * The outcomes page's filters: user, win status, price range (CPM). A GET form, so it works without
 * JavaScript and the filtered page has a URL to share; next/form makes it a client-side navigation when
 * JavaScript is there. Submitting starts again at page 1.
 */
export function OutcomeFilterForm({ values }: { values: FilterFormValues }) {
  return (
    <Form action="/outcomes/" className="filters" aria-label="Filter outcomes">
      <div className="field">
        <label htmlFor="filter-user">User ID</label>
        <input
          id="filter-user"
          name="user_id"
          type="search"
          defaultValue={values.user_id ?? ''}
          placeholder="user-001"
        />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Result</label>
        <select id="filter-status" name="win_status" defaultValue={values.win_status ?? ''}>
          <option value="">Won or lost</option>
          <option value="true">Won</option>
          <option value="false">Lost</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-min">Min price (CPM)</label>
        <input
          id="filter-min"
          name="min_price"
          type="number"
          min="0"
          step="0.01"
          inputMode="decimal"
          defaultValue={values.min_price ?? ''}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-max">Max price (CPM)</label>
        <input
          id="filter-max"
          name="max_price"
          type="number"
          min="0"
          step="0.01"
          inputMode="decimal"
          defaultValue={values.max_price ?? ''}
        />
      </div>
      {values.page_size ? <input type="hidden" name="page_size" value={values.page_size} /> : null}
      <div className="actions">
        <button type="submit">Apply filters</button>
        <Link href="/outcomes/">Clear</Link>
      </div>
    </Form>
  );
}
