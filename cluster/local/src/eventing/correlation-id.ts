import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The correlation id a RequestReply replica sets on a request it forwards: `<event id>:<signature>:<replica>`,
 * as Knative's data plane writes it. Knative's signature is base64url(nonce ‖ AES-256-GCM(id)); here it is
 * base64url(nonce ‖ HMAC-SHA256(key, nonce ‖ id ‖ replica) truncated to 16 bytes): a replier cannot forge
 * one, the random nonce keeps two requests with one id apart, and the replica index cannot be altered.
 */
export function signCorrelationId(options: { key: Buffer; id: string; replica: number }): string {
  const nonce = randomBytes(NONCE_BYTES);
  const signature = Buffer.concat([nonce, tag(options.key, nonce, options.id, options.replica)]).toString('base64url');
  return `${options.id}:${signature}:${options.replica}`;
}

/**
 * The event id and replica of a correlation id this key signed, or null when it is malformed or its
 * signature does not verify (a forged or altered reply). The id may itself hold colons: it is read from the right.
 */
export function verifyCorrelationId(key: Buffer, value: string): { id: string; replica: number } | null {
  const last = value.lastIndexOf(':');
  const middle = last > 0 ? value.lastIndexOf(':', last - 1) : -1;
  if (middle <= 0) return null;
  const replica = Number(value.slice(last + 1));
  if (!Number.isInteger(replica) || replica < 0 || String(replica) !== value.slice(last + 1)) return null;
  const id = value.slice(0, middle);
  const signature = Buffer.from(value.slice(middle + 1, last), 'base64url');
  if (signature.length !== NONCE_BYTES + TAG_BYTES) return null;
  const expected = tag(key, signature.subarray(0, NONCE_BYTES), id, replica);
  return timingSafeEqual(expected, signature.subarray(NONCE_BYTES)) ? { id, replica } : null;
}

function tag(key: Buffer, nonce: Buffer, id: string, replica: number): Buffer {
  return createHmac('sha256', key).update(nonce).update(`${id}\u0000${replica}`).digest().subarray(0, TAG_BYTES);
}
