import { connection } from 'next/server';
import { outcomeListResponse } from '../../../outcomes-api.ts';

/** GET /api/outcomes/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return outcomeListResponse(request);
}
