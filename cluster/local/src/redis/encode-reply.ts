/**
 * A reply in RESP2 (https://redis.io/docs/latest/develop/reference/protocol-spec/), from what an
 * ioredis-style client returns: null is a nil bulk string, an integer an integer, any other number or
 * string a bulk string, an array an array, an Error an error reply, and an object (HGETALL's shape) a
 * flat array of field and value, as Redis sends it.
 */
export function encodeReply(value: unknown): string {
  if (value === null || value === undefined) return '$-1\r\n';
  if (value instanceof Error) return `-${errorText(value)}\r\n`;
  if (typeof value === 'number' && Number.isInteger(value)) return `:${value}\r\n`;
  if (typeof value === 'string' || typeof value === 'number') return bulk(String(value));
  if (Buffer.isBuffer(value)) return bulk(value.toString('utf8'));
  if (Array.isArray(value)) return `*${value.length}\r\n${value.map(encodeReply).join('')}`;
  if (typeof value === 'object') return encodeReply(Object.entries(value).flat());
  return bulk(String(value));
}

/** A status reply (`+OK`): what SET, MULTI and a queued command answer. */
export function statusReply(text: string): string {
  return `+${text}\r\n`;
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

/** Redis error replies start with an upper-case code (ERR, NOSCRIPT, WRONGTYPE); one line only. */
function errorText(error: Error): string {
  const message = error.message.replace(/[\r\n]+/g, ' ');
  return /^[A-Z]+ /.test(message) ? message : `ERR ${message}`;
}
