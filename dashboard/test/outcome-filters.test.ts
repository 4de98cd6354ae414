import { describe, expect, it } from 'vitest';
import { InvalidFieldError } from '@helios/core';
import { parseOutcomeFilters } from '../src/outcome-filters.ts';

const parse = (query: string) => parseOutcomeFilters(new URLSearchParams(query));

describe('parseOutcomeFilters', () => {
  it('reads every filter of the seed API', () => {
    expect(
      parse(
        'user_id=user-001&win_status=true&min_price=0.30&max_price=1.00&campaign_id=c1&advertiser_id=a1&request_id=r1',
      ),
    ).toEqual({
      userId: 'user-001',
      winStatus: true,
      minPrice: 0.3,
      maxPrice: 1,
      campaignId: 'c1',
      advertiserId: 'a1',
      requestId: 'r1',
    });
  });

  it('takes an HTML form’s empty fields and unknown parameters for no filter', () => {
    expect(parse('user_id=&win_status=&min_price=&max_price=&page=2&ordering=-decided_at')).toEqual({});
  });

  it('reads win_status as true/false or 1/0, in any case', () => {
    expect(parse('win_status=FALSE').winStatus).toBe(false);
    expect(parse('win_status=1').winStatus).toBe(true);
  });

  it.each([
    ['win_status=yes', 'win_status must be true or false'],
    ['min_price=-0.01', 'min_price must be a number at least 0'],
    ['max_price=1e999', 'max_price must be a number at least 0'],
    ['min_price=3&max_price=2', 'max_price must be at least min_price'],
  ])('rejects ?%s with InvalidFieldError', (query, message) => {
    expect(() => parse(query)).toThrow(InvalidFieldError);
    expect(() => parse(query)).toThrow(message);
  });
});
