import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/helpers/fixture-path.ts';
import { decodeHeaderValue, encodeHeaderValue } from '../src/cloudevents/header-value.ts';

/** CloudEvents sdk-csharp's HttpUtilitiesTest vectors (fixtures/cloudevents). */
const vectors = readFixtureJson<{ roundTrip: [string, string][]; decodeOnly: [string, string][]; mustReject: string[] }>(
  'cloudevents',
  'percent-encoding-vectors.json',
);

describe('decodeHeaderValue (CloudEvents HTTP binding §3.1.3.2)', () => {
  it.each(vectors.roundTrip)('encodes %j as %j and decodes it back', (decoded, encoded) => {
    expect(encodeHeaderValue(decoded)).toBe(encoded);
    expect(decodeHeaderValue(encoded, 'ce-subject')).toBe(decoded);
  });

  it.each(vectors.decodeOnly)('decodes %j to %j', (encoded, decoded) => {
    expect(decodeHeaderValue(encoded, 'ce-subject')).toBe(decoded);
  });

  it.each(vectors.mustReject)('rejects %j with a 400 naming the header', (encoded) => {
    expect(() => decodeHeaderValue(encoded, 'ce-subject')).toThrow(/^ce-subject must /);
  });

  it('decodes only once: %2525 stays %25', () => {
    expect(decodeHeaderValue('100%2525', 'ce-id')).toBe('100%25');
  });

  it('rejects raw bytes beyond printable ASCII, which a sender must percent-encode', () => {
    expect(() => decodeHeaderValue('caf\u00e9', 'ce-id')).toThrow('ce-id must be printable US-ASCII');
  });
});
