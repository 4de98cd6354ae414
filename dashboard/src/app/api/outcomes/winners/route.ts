import { connection } from 'next/server';
import { winnersResponse } from '../../../../outcomes-api.ts';

/** GET /api/outcomes/winners/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return winnersResponse(request);
}
