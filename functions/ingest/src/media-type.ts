/** A Content-Type, reduced to what ingest decides on. */
export interface MediaType {
  /** type/subtype, lower-case, e.g. `application/json` */
  readonly type: string;
  /** the charset parameter, lower-case, when given */
  readonly charset?: string;
}

/**
 * Parses a Content-Type header (RFC 9110 §8.3.1): type and subtype are case-insensitive, parameters
 * follow `;`, a charset value may be quoted. Returns undefined for an absent or empty header. Never throws.
 */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (header === undefined) return undefined;
  const [type = '', ...parameters] = header.split(';').map((part) => part.trim());
  if (type === '') return undefined;
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return Object.freeze(
    charset === undefined ? { type: type.toLowerCase() } : { type: type.toLowerCase(), charset: charset.toLowerCase() },
  );
}
