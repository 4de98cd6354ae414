import { InvalidJsonError } from '@helios/core';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as JSON text: UTF-8 (RFC 8259 §8.1; a BOM is ignored) and then JSON.
 * Throws InvalidJsonError (400) for an empty body, invalid UTF-8, or a JSON syntax error.
 */
export function parseJsonBody(body: Uint8Array): unknown {
  if (body.byteLength === 0) throw new InvalidJsonError('the body is empty');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new InvalidJsonError('the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
}
