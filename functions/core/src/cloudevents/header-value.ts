import { InvalidFieldError } from '../errors.ts';

const SPEC = 'CloudEvents HTTP binding §3.1.3.2';
/** What a sender must percent-encode: space, `"`, `%` and everything outside printable US-ASCII. */
const MUST_ENCODE = /[^\x21\x23\x24\x26-\x7e]/u;

/**
 * `value` encoded for a `ce-*` header (HTTP binding §3.1.3.2): each character that must be encoded becomes
 * the percent-escapes of its UTF-8 bytes. Unchanged when nothing needs encoding (the common case).
 */
export function encodeHeaderValue(value: string): string {
  if (!MUST_ENCODE.test(value)) return value;
  let encoded = '';
  for (const character of value) {
    if (!MUST_ENCODE.test(character)) encoded += character;
    else for (const byte of Buffer.from(character, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * Decodes the value of a `ce-*` header into the attribute value, as HTTP binding §3.1.3.2 requires of a
 * receiver (the `cloudevents` SDK does not): RFC 7230 §3.2.6 double-quoted strings are unescaped, then one
 * round of percent-decoding is applied, the octets read as UTF-8.
 * Throws InvalidFieldError (400) naming `field` when the value is not printable US-ASCII, a quoted string or
 * escape is unterminated, a percent is not followed by two hex digits, or the octets are not valid UTF-8
 * (overlong forms and surrogates included): decodeURIComponent's UTF-8 decoding is exactly that.
 */
export function decodeHeaderValue(value: string, field: string): string {
  // Header values arrive as latin1 text; anything beyond printable ASCII was sent unencoded.
  if (/[^\t\x20-\x7e]/.test(value)) throw new InvalidFieldError(field, `must be printable US-ASCII, percent-encoded (${SPEC})`);
  const unquoted = value.includes('"') ? unquote(value, field) : value;
  if (!unquoted.includes('%')) return unquoted;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    throw new InvalidFieldError(field, `must be percent-encoded UTF-8 (${SPEC})`);
  }
}

function unquote(value: string, field: string): string {
  let result = '';
  let quoted = false;
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index] as string;
    if (char === '"') quoted = !quoted;
    else if (char === '\\' && quoted) {
      index += 1;
      if (index === value.length) throw new InvalidFieldError(field, `must not end inside a backslash escape (${SPEC})`);
      result += value[index];
    } else result += char;
  }
  if (quoted) throw new InvalidFieldError(field, `must close every double-quoted string (${SPEC})`);
  return result;
}
