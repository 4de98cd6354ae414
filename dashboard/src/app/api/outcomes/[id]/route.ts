import { connection } from 'next/server';
import { outcomeDetailResponse } from '../../../../outcomes-api.ts';

/** GET /api/outcomes/{id}/ (connection(): answered at request time, never prerendered by next build). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  await connection();
  const { id } = await context.params;
  return outcomeDetailResponse(request, id);
}
