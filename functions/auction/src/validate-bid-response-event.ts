import { EVENT_TYPES, InvalidFieldError, eventData, type BidResponseEvent } from '@helios/core';

/**
 * The data of a `dev.helios.bid.response` CloudEvent, checked for every field the auction reads.
 * Guarantees: request.id and imp ids are non-empty strings, imp ids unique, floors and prices finite and
 * ≥ 0, `at` 1 or 2 when present, response.id equal to request.id, every bid for an imp of the request.
 * Throws InvalidFieldError (400) naming the first bad field, e.g. `data.response.seatbid[0].bid[0].price
 * must be a number ≥ 0`; fields the auction does not read pass through unchecked.
 */
export function validateBidResponseEvent(event: unknown): BidResponseEvent {
  const data = eventData(event, EVENT_TYPES.bidResponse);
  const request = record(data['request'], 'data.request');
  const requestId = nonEmptyString(request['id'], 'data.request.id');
  if (!Array.isArray(request['imp']) || request['imp'].length === 0) {
    throw new InvalidFieldError('data.request.imp', 'must be a non-empty array');
  }
  const impIds = new Set<string>();
  request['imp'].forEach((value: unknown, index) => {
    const imp = record(value, `data.request.imp[${index}]`);
    const id = nonEmptyString(imp['id'], `data.request.imp[${index}].id`);
    if (impIds.has(id)) throw new InvalidFieldError(`data.request.imp[${index}].id`, 'must be unique');
    impIds.add(id);
    if (imp['bidfloor'] !== undefined) price(imp['bidfloor'], `data.request.imp[${index}].bidfloor`);
  });
  if (request['at'] !== undefined && request['at'] !== 1 && request['at'] !== 2) {
    throw new InvalidFieldError('data.request.at', 'must be 1 (first price) or 2 (second price)');
  }
  optionalString(record(request['user'] ?? {}, 'data.request.user')['id'], 'data.request.user.id');
  optionalString(record(request['site'] ?? {}, 'data.request.site')['domain'], 'data.request.site.domain');
  optionalString(record(request['app'] ?? {}, 'data.request.app')['domain'], 'data.request.app.domain');

  const response = record(data['response'], 'data.response');
  if (response['id'] !== requestId) throw new InvalidFieldError('data.response.id', 'must equal data.request.id');
  const campaigns = record(data['campaigns'], 'data.campaigns');
  const seatbids = response['seatbid'] ?? [];
  if (!Array.isArray(seatbids)) throw new InvalidFieldError('data.response.seatbid', 'must be an array');
  seatbids.forEach((value: unknown, seatIndex) => {
    const seat = record(value, `data.response.seatbid[${seatIndex}]`);
    if (!Array.isArray(seat['bid'])) {
      throw new InvalidFieldError(`data.response.seatbid[${seatIndex}].bid`, 'must be an array');
    }
    seat['bid'].forEach((bidValue: unknown, bidIndex) => {
      const path = `data.response.seatbid[${seatIndex}].bid[${bidIndex}]`;
      const bid = record(bidValue, path);
      const bidId = nonEmptyString(bid['id'], `${path}.id`);
      if (!impIds.has(nonEmptyString(bid['impid'], `${path}.impid`))) {
        throw new InvalidFieldError(`${path}.impid`, 'must be the id of an imp of data.request');
      }
      price(bid['price'], `${path}.price`);
      if (Object.hasOwn(campaigns, bidId)) {
        const campaign = record(campaigns[bidId], `data.campaigns["${bidId}"]`);
        nonEmptyString(campaign['campaignId'], `data.campaigns["${bidId}"].campaignId`);
        nonEmptyString(campaign['advertiserId'], `data.campaigns["${bidId}"].advertiserId`);
      }
    });
  });
  if (typeof data['enriched'] !== 'boolean') throw new InvalidFieldError('data.enriched', 'must be true or false');
  if (data['submitted'] !== undefined && typeof data['submitted'] !== 'boolean')
    throw new InvalidFieldError('data.submitted', 'must be true or false');
  return data as unknown as BidResponseEvent;
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidFieldError(path, 'must be an object');
  }
  return value as Record<string, unknown>;
}

function nonEmptyString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidFieldError(path, 'must be a non-empty string');
  return value;
}

function optionalString(value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'string') throw new InvalidFieldError(path, 'must be a string');
}

function price(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidFieldError(path, 'must be a number ≥ 0');
  }
}
