import { connection } from 'next/server';
import { outcomeStatsResponse } from '../../../../outcomes-api.ts';

/** GET /api/outcomes/stats/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return outcomeStatsResponse(request);
}
