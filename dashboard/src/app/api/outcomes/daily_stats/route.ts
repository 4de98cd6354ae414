import { connection } from 'next/server';
import { dailyStatsResponse } from '../../../../outcomes-api.ts';

/** GET /api/outcomes/daily_stats/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return dailyStatsResponse(request);
}
