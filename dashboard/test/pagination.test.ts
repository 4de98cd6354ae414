import { describe, expect, it } from 'vitest';
import { pageLinks, parseIntegerParameter, parsePagination } from '../src/pagination.ts';

describe('parsePagination', () => {
  it('defaults to page 1 of 20', () => {
    expect(parsePagination(new URLSearchParams(''))).toEqual({ page: 1, pageSize: 20 });
  });

  it('accepts page_size up to 100 and rejects 101 with the rule in the message', () => {
    expect(parsePagination(new URLSearchParams('page=3&page_size=100'))).toEqual({ page: 3, pageSize: 100 });
    expect(() => parsePagination(new URLSearchParams('page_size=101'))).toThrow(
      'page_size must be an integer in [1, 100]',
    );
  });

  it.each(['1.5', '-1', '0x10', '1e2', 'two'])('rejects the integer %s', (raw) => {
    expect(() =>
      parseIntegerParameter(new URLSearchParams(`n=${raw}`), 'n', { fallback: 1, min: 0, max: 1000 }),
    ).toThrow('n must be an integer in [0, 1000]');
  });
});

describe('pageLinks', () => {
  const url = new URL('http://host/api/outcomes/?user_id=u1&page=2&page_size=10');

  it('replaces page and keeps every other parameter', () => {
    expect(pageLinks(url, { page: 2, pageSize: 10 }, 35)).toEqual({
      next: 'http://host/api/outcomes/?user_id=u1&page=3&page_size=10',
      previous: 'http://host/api/outcomes/?user_id=u1&page=1&page_size=10',
    });
  });

  it('has no next on the last page and no previous on the first', () => {
    expect(pageLinks(url, { page: 4, pageSize: 10 }, 35).next).toBeNull();
    expect(pageLinks(url, { page: 1, pageSize: 10 }, 35).previous).toBeNull();
  });

  it('points previous at the last page from beyond the end', () => {
    expect(pageLinks(url, { page: 9, pageSize: 10 }, 35).previous).toBe(
      'http://host/api/outcomes/?user_id=u1&page=4&page_size=10',
    );
  });
});
