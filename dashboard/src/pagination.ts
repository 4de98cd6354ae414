import { InvalidFieldError } from '@helios/core';

/** A page of a list: 1-based `page` of `pageSize` rows. */
export interface Pagination {
  readonly page: number;
  readonly pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Reads an integer query parameter within [min, max], `fallback` when absent or empty.
 * Throws InvalidFieldError (400): `page_size must be an integer in [1, 100]`.
 */
export function parseIntegerParameter(
  params: URLSearchParams,
  name: string,
  options: { fallback: number; min: number; max: number },
): number {
  const raw = params.get(name)?.trim();
  if (!raw) return options.fallback;
  const value = Number(raw);
  if (!/^[+]?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < options.min || value > options.max) {
    const range =
      options.max === Number.MAX_SAFE_INTEGER ? `at least ${options.min}` : `in [${options.min}, ${options.max}]`;
    throw new InvalidFieldError(name, `must be an integer ${range}`);
  }
  return value;
}

/**
 * Reads `page` (from 1) and `page_size` (1 to 100, default 20), as the seed's PageNumberPagination did.
 * Throws InvalidFieldError.
 */
export function parsePagination(params: URLSearchParams): Pagination {
  return Object.freeze({
    page: parseIntegerParameter(params, 'page', { fallback: 1, min: 1, max: Number.MAX_SAFE_INTEGER }),
    pageSize: parseIntegerParameter(params, 'page_size', { fallback: DEFAULT_PAGE_SIZE, min: 1, max: MAX_PAGE_SIZE }),
  });
}

/**
 * The `next` and `previous` links of a page of `count` rows: `url` with its `page` replaced, every other
 * parameter kept; null past either end.
 */
export function pageLinks(
  url: URL,
  pagination: Pagination,
  count: number,
): { next: string | null; previous: string | null } {
  const lastPage = Math.max(1, Math.ceil(count / pagination.pageSize));
  const link = (page: number) => {
    const target = new URL(url);
    target.searchParams.set('page', String(page));
    return target.toString();
  };
  return {
    next: pagination.page < lastPage ? link(pagination.page + 1) : null,
    previous: pagination.page > 1 ? link(Math.min(pagination.page - 1, lastPage)) : null,
  };
}
