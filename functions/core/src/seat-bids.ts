import { InvalidFieldError } from './errors.ts';
import { RULES, isObject } from './field-rules.ts';

/**
 * Walks `response.seatbid[].bid[]` of an event's BidResponse (OpenRTB 2.6 §4.2.2–4.2.3), checking the
 * shape every reader of one needs (seatbid an array, each seat an object with a `bid` array, each bid an
 * object), and hands each bid with its JSON path to `check` for the reader's own rules.
 * Throws InvalidFieldError naming the first bad field (`data.response.seatbid[0].bid`).
 */
export function checkSeatBids(
  response: Record<string, unknown>,
  check: (bid: Record<string, unknown>, path: string) => void,
): void {
  const seatbids = response['seatbid'] ?? [];
  if (!Array.isArray(seatbids)) throw new InvalidFieldError('data.response.seatbid', 'must be an array');
  seatbids.forEach((seat: unknown, seatIndex) => {
    const seatPath = `data.response.seatbid[${seatIndex}]`;
    if (!isObject(seat)) throw new InvalidFieldError(seatPath, RULES.object);
    if (!Array.isArray(seat['bid'])) throw new InvalidFieldError(`${seatPath}.bid`, 'must be an array');
    seat['bid'].forEach((bid: unknown, bidIndex) => {
      const path = `${seatPath}.bid[${bidIndex}]`;
      if (!isObject(bid)) throw new InvalidFieldError(path, RULES.object);
      check(bid, path);
    });
  });
}
