import { describe, expect, it } from 'vitest';
import { isAuctionType, validateBidRequestFields } from '../src/bid-request-fields.ts';
import { MAX_ID_LENGTH, isCarriableText, isCpm, isDateTime, isId } from '../src/field-rules.ts';

describe('isCarriableText', () => {
  it.each(['', 'plain', 'é日本🙂', ' spaced ', '100%', 'a"b'])('accepts %j', (value) => {
    expect(isCarriableText(value)).toBe(true);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a line feed', 'a\nb'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00a'],
    ['a noncharacter', '\uffff'],
    ['a number', 42],
  ])('refuses %s, which a CloudEvents String cannot hold', (_name, value) => {
    expect(isCarriableText(value)).toBe(false);
  });
});

describe('isId', () => {
  it('takes non-blank carriable text up to MAX_ID_LENGTH characters', () => {
    expect(isId('r'.repeat(MAX_ID_LENGTH))).toBe(true);
    expect(isId('r'.repeat(MAX_ID_LENGTH + 1))).toBe(false);
    expect(isId('  ')).toBe(false);
    expect(isId('')).toBe(false);
  });
});

describe('isAuctionType', () => {
  it('takes 1, 2 and the exchange-specific 500 and above (OpenRTB 2.6 §3.2.1), nothing else', () => {
    for (const at of [1, 2, 500, 501, 10_000]) expect(isAuctionType(at)).toBe(true);
    for (const at of [0, 3, 499, 1.5, -1, '1', null, 2 ** 53]) expect(isAuctionType(at)).toBe(false);
  });
});

describe('isCpm and isDateTime', () => {
  it('keeps prices within numeric(12, 4) and dates Date can read', () => {
    expect([0, 0.0001, 99_999_999.9999].every(isCpm)).toBe(true);
    expect([-0.01, 1e8, Infinity, Number.NaN, '1'].some(isCpm)).toBe(false);
    expect(isDateTime('2026-11-21T12:00:00.000Z')).toBe(true);
    expect(isDateTime('2026-11-21T12:00:00+01:00')).toBe(true);
    expect(isDateTime('yesterday')).toBe(false);
    expect(isDateTime('2026-13-45T99:00:00Z')).toBe(false);
  });
});

describe('validateBidRequestFields', () => {
  it('lists every problem of the fields a later stage reads, under the given path', () => {
    const problems = validateBidRequestFields(
      { id: 'r\u0000', imp: [{ id: '1', bidfloor: 1e8 }, { id: '1' }], at: 3, tmax: 60_001, user: { id: 42 } },
      'data.request',
    );
    expect(problems.map((problem) => problem.field)).toEqual([
      'data.request.id',
      'data.request.imp[0].bidfloor',
      'data.request.imp[1].id',
      'data.request.tmax',
      'data.request.at',
      'data.request.user.id',
    ]);
  });

  it('leaves fields no later stage reads alone', () => {
    expect(validateBidRequestFields({ id: 'r', imp: [{ id: '1', banner: 'anything' }], device: 7 }, 'request')).toEqual(
      [],
    );
  });
});
