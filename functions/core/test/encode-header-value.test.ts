import { describe, expect, it } from 'vitest';
import { encodeHeaderValue } from '../src/encode-header-value.ts';

describe('encodeHeaderValue', () => {
  it.each([
    ['req-1', 'req-1'],
    ['a b', 'a%20b'],
    ['100%', '100%25'],
    ['say "hi"', 'say%20%22hi%22'],
    ['é', '%C3%A9'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    ['🙂', '%F0%9F%99%82'],
  ])('encodes %j as %j, which decodes back to it', (value, encoded) => {
    expect(encodeHeaderValue(value)).toBe(encoded);
    expect(decodeURIComponent(encoded)).toBe(value);
  });
});
