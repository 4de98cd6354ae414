import { eventData, EVENT_TYPES, InvalidFieldError, type AuctionOutcome, type BidRequestEvent } from '@helios/core';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The data of a `dev.helios.bid.request` CloudEvent, checked as far as the bidder relies on it (ingest has
 * validated the OpenRTB request in full): request.id, request.imp[].id, receivedAt.
 * Throws InvalidFieldError naming the field: a permanent failure, answered 400.
 */
export function decodeBidRequestEvent(cloudEvent: unknown): BidRequestEvent {
  const event = eventData(cloudEvent, EVENT_TYPES.bidRequest);
  const request = event['request'];
  if (!isObject(request)) throw new InvalidFieldError('data.request', 'must be an OpenRTB BidRequest object');
  if (typeof request['id'] !== 'string' || request['id'] === '') {
    throw new InvalidFieldError('data.request.id', 'must be a non-empty string');
  }
  const imps = request['imp'];
  if (!Array.isArray(imps) || imps.length === 0)
    throw new InvalidFieldError('data.request.imp', 'must hold at least one imp');
  imps.forEach((imp: unknown, index) => {
    if (!isObject(imp) || typeof imp['id'] !== 'string' || imp['id'] === '') {
      throw new InvalidFieldError(`data.request.imp[${index}].id`, 'must be a non-empty string');
    }
  });
  if (typeof event['receivedAt'] !== 'string' || Number.isNaN(Date.parse(event['receivedAt']))) {
    throw new InvalidFieldError('data.receivedAt', 'must be an RFC 3339 timestamp');
  }
  const deadline = event['deadline'];
  if (deadline !== undefined && (typeof deadline !== 'string' || Number.isNaN(Date.parse(deadline)))) {
    throw new InvalidFieldError('data.deadline', 'must be an RFC 3339 timestamp');
  }
  return event as unknown as BidRequestEvent;
}

/**
 * The data of a won `dev.helios.auction.outcome` CloudEvent, as far as spend needs it.
 * Throws InvalidFieldError naming the field (400): a win without its campaign or price cannot be spent.
 */
export function decodeWinOutcome(cloudEvent: unknown): AuctionOutcome & { campaignId: string; winPrice: number } {
  const outcome = eventData(cloudEvent, EVENT_TYPES.auctionOutcome);
  if (typeof outcome['campaignId'] !== 'string' || outcome['campaignId'] === '') {
    throw new InvalidFieldError('data.campaignId', 'must be a non-empty string for a win');
  }
  const winPrice = outcome['winPrice'];
  if (typeof winPrice !== 'number' || !Number.isFinite(winPrice) || winPrice < 0) {
    throw new InvalidFieldError('data.winPrice', 'must be a number ≥ 0 for a win');
  }
  if (typeof outcome['decidedAt'] !== 'string' || Number.isNaN(Date.parse(outcome['decidedAt']))) {
    throw new InvalidFieldError('data.decidedAt', 'must be an RFC 3339 timestamp');
  }
  return outcome as unknown as AuctionOutcome & { campaignId: string; winPrice: number };
}
