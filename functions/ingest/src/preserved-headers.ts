import type { IncomingHttpHeaders } from 'node:http';

/**
 * faas-js-runtime parses the bodies it recognises before `handle` runs: it answers 500 for a CloudEvent
 * that deserialises but fails validation, and Fastify answers its own error for malformed JSON. So the
 * server hands the runtime every /bid body as opaque bytes, and keeps the headers that decide decoding
 * (Content-Type and the ce-* attributes) under a prefix the runtime ignores; `handle` restores them.
 */
const PREFIX = 'x-helios-original-';
const CONTENT_TYPE_MARK = `${PREFIX}content-type`;

/** The Content-Type the runtime sees: its catch-all parser reads it into a Buffer, untouched. */
export const NEUTRAL_CONTENT_TYPE = 'application/octet-stream';

/**
 * The headers to show the runtime for a body of `contentLength` bytes: Content-Type neutral, the original
 * one and every ce-* header moved under the prefix, any prefixed header the client sent dropped (so it
 * cannot forge one), Transfer-Encoding gone (the body is replayed whole). Never throws.
 */
export function neutralizeHeaders(headers: IncomingHttpHeaders, contentLength: number): IncomingHttpHeaders {
  const neutral: IncomingHttpHeaders = { [CONTENT_TYPE_MARK]: '' };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(PREFIX) || name === 'content-length' || name === 'transfer-encoding')
      continue;
    if (name === 'content-type' || name.startsWith('ce-')) neutral[`${PREFIX}${name}`] = value;
    else neutral[name] = value;
  }
  neutral['content-type'] = NEUTRAL_CONTENT_TYPE;
  neutral['content-length'] = String(contentLength);
  return neutral;
}

/**
 * The headers as the client sent them, from those `handle` received. Headers that never went through
 * neutralizeHeaders (a direct call) are returned as they are. Never throws.
 */
export function restoreHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  if (headers[CONTENT_TYPE_MARK] === undefined) return headers;
  const original: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type') continue;
    if (!name.startsWith(PREFIX)) original[name] = value;
    else if (value !== '') original[name.slice(PREFIX.length)] = value;
  }
  return original;
}
