/**
 * The OpenRTB 2.6 required fields and types of a BidResponse (§4.2.1), its SeatBids (§4.2.2) and Bids
 * (§4.2.3), as a list of problems (empty: valid). Used by the tests on every answer of POST /openrtb2/bid.
 */
export function bidResponseProblems(response: unknown, request: { id: string; imp: { id: string }[] }): string[] {
  const problems: string[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const optional = (value: unknown, type: string, where: string) => {
    if (value !== undefined && typeof value !== type) problems.push(`${where} must be a ${type}`);
  };
  if (!isObject(response)) return ['response must be an object'];
  if (response['id'] !== request.id) problems.push('response.id must echo the request id');
  optional(response['bidid'], 'string', 'response.bidid');
  optional(response['cur'], 'string', 'response.cur');
  if (response['nbr'] !== undefined && !Number.isInteger(response['nbr'])) problems.push('response.nbr must be an integer');
  const seatbid = response['seatbid'];
  if (seatbid === undefined) return problems;
  if (!Array.isArray(seatbid)) return [...problems, 'response.seatbid must be an array'];
  const impIds = new Set(request.imp.map((imp) => imp.id));
  seatbid.forEach((seat: unknown, s) => {
    if (!isObject(seat) || !Array.isArray(seat['bid']) || seat['bid'].length === 0) {
      problems.push(`response.seatbid[${s}].bid must be a non-empty array`);
      return;
    }
    optional(seat['seat'], 'string', `response.seatbid[${s}].seat`);
    seat['bid'].forEach((bid: unknown, b) => {
      const where = `response.seatbid[${s}].bid[${b}]`;
      if (!isObject(bid)) return void problems.push(`${where} must be an object`);
      if (typeof bid['id'] !== 'string' || bid['id'] === '') problems.push(`${where}.id must be a non-empty string`);
      if (typeof bid['impid'] !== 'string' || !impIds.has(bid['impid'])) problems.push(`${where}.impid must name an imp`);
      if (typeof bid['price'] !== 'number' || !Number.isFinite(bid['price']) || bid['price'] < 0)
        problems.push(`${where}.price must be a number ≥ 0`);
      for (const field of ['adid', 'nurl', 'burl', 'lurl', 'adm', 'cid', 'crid']) optional(bid[field], 'string', `${where}.${field}`);
      for (const field of ['w', 'h', 'mtype']) {
        if (bid[field] !== undefined && !Number.isInteger(bid[field])) problems.push(`${where}.${field} must be an integer`);
      }
      if (bid['mtype'] !== undefined && ![1, 2, 3, 4].includes(bid['mtype'] as number)) problems.push(`${where}.mtype must be 1-4`);
      if (bid['adomain'] !== undefined && (!Array.isArray(bid['adomain']) || !bid['adomain'].every((d) => typeof d === 'string')))
        problems.push(`${where}.adomain must be an array of strings`);
    });
  });
  return problems;
}
