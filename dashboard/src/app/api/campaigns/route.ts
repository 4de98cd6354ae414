import { connection } from 'next/server';
import { campaignListResponse } from '../../../campaigns-api.ts';

/** GET /api/campaigns/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(request: Request): Promise<Response> {
  await connection();
  return campaignListResponse(request);
}
