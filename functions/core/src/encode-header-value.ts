/** CloudEvents HTTP binding §3.1.3.2: what a sender must percent-encode in a `ce-*` header value. */
const MUST_ENCODE = /[^\x21\x23\x24\x26-\x7e]/u;

/**
 * A CloudEvent attribute value as a `ce-*` header carries it (HTTP protocol binding §3.1.3.2): space,
 * double-quote, percent and everything outside printable ASCII percent-encoded as UTF-8 bytes; unchanged
 * when nothing needs encoding (the common case). The cloudevents SDK sends values as they are, which Node
 * refuses for characters beyond Latin-1 and a receiver reads back changed when they hold `%` or edge spaces.
 * Expects well-formed text (ingest rejects lone surrogates, which UTF-8 cannot encode).
 */
export function encodeHeaderValue(value: string): string {
  if (!MUST_ENCODE.test(value)) return value;
  let encoded = '';
  for (const character of value) {
    if (!MUST_ENCODE.test(character)) {
      encoded += character;
      continue;
    }
    for (const byte of Buffer.from(character, 'utf8'))
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
