import { InvalidFieldError } from '@helios/core';

/** Which outcomes a list, a count or a statistic covers. Absent fields do not filter. */
export interface OutcomeFilters {
  readonly userId?: string;
  readonly winStatus?: boolean;
  /** lowest price, CPM, compared with win_price, or bid_price when there is no win price */
  readonly minPrice?: number;
  /** highest price, CPM, as minPrice */
  readonly maxPrice?: number;
  readonly campaignId?: string;
  readonly advertiserId?: string;
  readonly requestId?: string;
}

const TEXT_FILTERS = [
  ['user_id', 'userId'],
  ['campaign_id', 'campaignId'],
  ['advertiser_id', 'advertiserId'],
  ['request_id', 'requestId'],
] as const;

/**
 * Reads the filters of the seed's API from query parameters: `user_id`, `campaign_id`, `advertiser_id`,
 * `request_id`, `win_status` (true|false), `min_price`, `max_price`. An empty value counts as absent, so an
 * HTML form's untouched fields filter nothing. Unknown parameters are ignored.
 * Throws InvalidFieldError (400) naming the first bad parameter.
 */
export function parseOutcomeFilters(params: URLSearchParams): OutcomeFilters {
  const filters: { -readonly [K in keyof OutcomeFilters]: OutcomeFilters[K] } = {};
  for (const [parameter, key] of TEXT_FILTERS) {
    const value = params.get(parameter)?.trim();
    if (value) filters[key] = value;
  }
  const winStatus = params.get('win_status')?.trim().toLowerCase();
  if (winStatus) {
    if (winStatus === 'true' || winStatus === '1') filters.winStatus = true;
    else if (winStatus === 'false' || winStatus === '0') filters.winStatus = false;
    else throw new InvalidFieldError('win_status', 'must be true or false');
  }
  const minPrice = price(params, 'min_price');
  const maxPrice = price(params, 'max_price');
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    throw new InvalidFieldError('max_price', 'must be at least min_price');
  }
  if (minPrice !== undefined) filters.minPrice = minPrice;
  if (maxPrice !== undefined) filters.maxPrice = maxPrice;
  return Object.freeze(filters);
}

function price(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name)?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new InvalidFieldError(name, 'must be a number at least 0');
  return value;
}
