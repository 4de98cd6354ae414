import { NotFoundError } from '@helios/core';
import { dailyStatsJson, outcomeJson, statsJson } from './api-json.ts';
import { respond, type ApiOptions } from './api-response.ts';
import { parseOutcomeFilters } from './outcome-filters.ts';
import { dailyStats, findOutcome, listOutcomes, outcomeStats, recentWins } from './outcome-queries.ts';
import { MAX_PAGE_SIZE, pageLinks, parseIntegerParameter, parsePagination } from './pagination.ts';

/** `GET /api/outcomes/`: `{count, next, previous, results}`, newest first, filtered and paginated. */
export function outcomeListResponse(request: Request, options: ApiOptions = {}): Promise<Response> {
  return respond(
    request,
    options,
    (url) => ({ filters: parseOutcomeFilters(url.searchParams), pagination: parsePagination(url.searchParams) }),
    async (database, query, url) => {
      const { count, rows } = await listOutcomes(database, query);
      return { count, ...pageLinks(url, query.pagination, count), results: rows.map(outcomeJson) };
    },
  );
}

/** `GET /api/outcomes/{id}/`: one outcome; 404 JSON when there is none. */
export function outcomeDetailResponse(request: Request, id: string, options: ApiOptions = {}): Promise<Response> {
  return respond(
    request,
    options,
    () => id,
    async (database) => {
      const row = await findOutcome(database, id);
      if (!row) throw new NotFoundError(`outcome ${JSON.stringify(id)}`);
      return outcomeJson(row);
    },
  );
}

/** `GET /api/outcomes/stats/`: totals over the outcomes that match the list's filters. */
export function outcomeStatsResponse(request: Request, options: ApiOptions = {}): Promise<Response> {
  return respond(
    request,
    options,
    (url) => parseOutcomeFilters(url.searchParams),
    async (database, filters) => statsJson(await outcomeStats(database, filters)),
  );
}

/**
 * `GET /api/outcomes/winners/`: a bare array of the latest wins (`limit`, 1 to 100, default 20), as the
 * smoke collection expects.
 */
export function winnersResponse(request: Request, options: ApiOptions = {}): Promise<Response> {
  return respond(
    request,
    options,
    (url) => ({
      filters: parseOutcomeFilters(url.searchParams),
      limit: parseIntegerParameter(url.searchParams, 'limit', { fallback: 20, min: 1, max: MAX_PAGE_SIZE }),
    }),
    async (database, query) => (await recentWins(database, query)).map(outcomeJson),
  );
}

/** `GET /api/outcomes/daily_stats/`: per UTC day (newest first) over `days` days (1 to 366, default 30). */
export function dailyStatsResponse(request: Request, options: ApiOptions = {}): Promise<Response> {
  return respond(
    request,
    options,
    (url) => ({
      filters: parseOutcomeFilters(url.searchParams),
      days: parseIntegerParameter(url.searchParams, 'days', { fallback: 30, min: 1, max: 366 }),
      now: options.now,
    }),
    async (database, query) => (await dailyStats(database, query)).map(dailyStatsJson),
  );
}
