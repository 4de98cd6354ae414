/**
 * CloudEvents attribute values in HTTP headers (HTTP protocol binding §3.1.3.2): a sender percent-encodes
 * space, double-quote, percent and everything outside printable ASCII as UTF-8 bytes; a receiver first
 * unescapes double-quoted strings (RFC 7230 §3.2.6), then percent-decodes once, rejecting bytes that are
 * not valid UTF-8. The cloudevents SDK does neither, so the sink ingress and the dispatcher do.
 */
const MUST_ENCODE = /[^\x21\x23\x24\x26-\x7e]/u;

/** `value` encoded for a `ce-*` header; unchanged when nothing needs encoding (the common case). */
export function encodeHeaderValue(value: string): string {
  if (!MUST_ENCODE.test(value)) return value;
  let encoded = '';
  for (const character of value) {
    if (MUST_ENCODE.test(character)) {
      for (const byte of Buffer.from(character, 'utf8'))
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    } else encoded += character;
  }
  return encoded;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The attribute value of a `ce-*` header. Throws TypeError for an unterminated quote or escape, a `%` not
 * followed by two hex digits, or bytes that are not valid UTF-8 (overlong forms, surrogates, truncation).
 */
export function decodeHeaderValue(header: string): string {
  const unquoted = header.includes('"') ? unquote(header) : header;
  if (!unquoted.includes('%')) return unquoted;
  const bytes: number[] = [];
  for (let i = 0; i < unquoted.length; i++) {
    const code = unquoted.charCodeAt(i);
    if (code !== 0x25) {
      // Characters other than %: their UTF-8 bytes, so decoded and literal text combine into one string.
      if (code < 0x80) bytes.push(code);
      else {
        const character = String.fromCodePoint(unquoted.codePointAt(i) as number);
        bytes.push(...Buffer.from(character, 'utf8'));
        i += character.length - 1;
      }
      continue;
    }
    const hex = unquoted.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new TypeError(`invalid percent-encoding at character ${i}`);
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new TypeError('percent-encoded bytes are not valid UTF-8');
  }
}

/** RFC 7230 §3.2.6: double-quoted segments lose their quotes, and `\x` inside them becomes `x`. */
function unquote(header: string): string {
  let result = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const character = header[i] as string;
    if (character === '"') quoted = !quoted;
    else if (quoted && character === '\\') {
      if (i + 1 >= header.length) throw new TypeError('unterminated escape in a quoted string');
      result += header[++i];
    } else result += character;
  }
  if (quoted) throw new TypeError('unterminated quoted string');
  return result;
}
