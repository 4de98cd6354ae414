import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../../test/helpers/fixture-path.ts';
import { decodeHeaderValue, encodeHeaderValue } from '../../src/eventing/percent-encoding.ts';

const vectors = readFixtureJson<{
  roundTrip: [string, string][];
  decodeOnly: [string, string][];
  mustReject: string[];
}>('cloudevents/percent-encoding-vectors.json');

describe('CloudEvents header percent-encoding (HTTP binding §3.1.3.2)', () => {
  it.each(vectors.roundTrip)('encodes %j as %j and decodes it back', (decoded, encoded) => {
    expect(encodeHeaderValue(decoded)).toBe(encoded);
    expect(decodeHeaderValue(encoded)).toBe(decoded);
  });

  it.each(vectors.decodeOnly)('decodes %j as %j', (encoded, decoded) => {
    expect(decodeHeaderValue(encoded)).toBe(decoded);
  });

  it.each(vectors.mustReject)('rejects %j', (encoded) => {
    expect(() => decodeHeaderValue(encoded)).toThrow(TypeError);
  });

  it('leaves ordinary attribute values untouched', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(encodeHeaderValue(traceparent)).toBe(traceparent);
    expect(encodeHeaderValue('outcome:req-1:imp-1')).toBe('outcome:req-1:imp-1');
  });
});
