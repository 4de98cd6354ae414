import { sql } from 'drizzle-orm';
import { errorResponse } from '@helios/core';
import type { ApiOptions } from './api-response.ts';
import { jsonResponse } from './api-response.ts';
import { withDatabase } from './database.ts';

/**
 * `GET /api/health/`: 200 `{status: "ok", database: "up", latency_ms}` when Postgres answers `select 1`;
 * 503 `{status: "unavailable", database: "down", error}` when it cannot be reached (or DATABASE_URL is unset),
 * so a readiness probe takes the dashboard out of rotation.
 */
export async function healthResponse(options: ApiOptions = {}): Promise<Response> {
  const started = performance.now();
  try {
    await withDatabase((database) => database.execute(sql`select 1`), options.database);
    return jsonResponse({ status: 'ok', database: 'up', latency_ms: Math.round(performance.now() - started) });
  } catch (error) {
    const { statusCode, body } = errorResponse(error);
    return jsonResponse({ status: 'unavailable', database: 'down', ...body }, statusCode);
  }
}
