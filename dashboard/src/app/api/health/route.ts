import { connection } from 'next/server';
import { healthResponse } from '../../../health-api.ts';

/** GET /api/health/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(): Promise<Response> {
  await connection();
  return healthResponse();
}
