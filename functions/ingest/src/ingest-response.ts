import { errorResponse } from '@helios/core';
import type { IngestAnswer } from './ingest-answer.ts';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * 202 for an accepted request: it is in the event sink, on its way to the bidder. The body names the
 * request (`id`, and `request_id` as the seed's clients read it); `traceparent` lets the caller follow it.
 */
export function acceptedResponse(requestId: string, traceparent: string): IngestAnswer {
  return {
    statusCode: 202,
    headers: { 'content-type': JSON_CONTENT_TYPE, traceparent },
    body: { id: requestId, request_id: requestId, status: 'accepted' },
  };
}

/**
 * The response for a refused or failed request: core's errorResponse, plus `Retry-After: 1` on a 503 so
 * an exchange retries soon rather than dropping the request.
 */
export function failedResponse(error: unknown): IngestAnswer {
  const response = errorResponse(error);
  if (response.statusCode === 503) response.headers['retry-after'] = '1';
  return response;
}
