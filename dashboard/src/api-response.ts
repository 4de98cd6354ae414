import { createLogger, errorResponse, type Logger } from '@helios/core';
import type { Database } from '@helios/core/db';
import { withDatabase } from './database.ts';

let logger: Logger | undefined;

/** A JSON response. Never cached: every answer reflects the database as it is now. */
export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * The response for any error, through core's errorResponse: a HeliosError keeps its status and
 * `{ error: { code, message, field?, rule? } }` body; anything else is a bare 500. 5xx are logged.
 */
export function errorJsonResponse(error: unknown, request: Request): Response {
  const { statusCode, body } = errorResponse(error);
  if (statusCode >= 500) {
    logger ??= createLogger({ service: 'dashboard' });
    // A 503 is the database's state, already in its message; a 500 is our bug and needs the stack.
    const details = { method: request.method, url: request.url, status: statusCode };
    if (statusCode === 503) logger.warn({ ...details, error: (body as { error?: unknown }).error }, 'request failed');
    else logger.error({ ...details, err: error }, 'request failed');
  }
  return jsonResponse(body, statusCode);
}

/** Where an API handler gets its database (the process's pool unless a test passes its own). */
export interface ApiOptions {
  readonly database?: () => Database;
  /** the clock, for "today" and day windows */
  readonly now?: Date;
}

/**
 * Answers `request` with JSON: `parse` reads the query (its InvalidFieldError is a 400, before any
 * query runs), `query` reads the database (unreachable: 503). Only here do errors become responses.
 */
export async function respond<P>(
  request: Request,
  options: ApiOptions,
  parse: (url: URL) => P,
  query: (database: Database, parsed: P, url: URL) => Promise<unknown>,
): Promise<Response> {
  try {
    const url = new URL(request.url);
    const parsed = parse(url);
    return jsonResponse(await withDatabase((database) => query(database, parsed, url), options.database));
  } catch (error) {
    return errorJsonResponse(error, request);
  }
}
