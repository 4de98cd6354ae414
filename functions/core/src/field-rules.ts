/**
 * The vocabulary of validation, shared by ingest's request validation and the event readers, so a field
 * is judged by one rule wherever it is read. A problem names a JSON path and the rule it broke, and reads
 * as `<field> <rule>`, prebid's form (`ortb/request_validator_banner.go`):
 * `request.imp[0].banner.w must be a positive number`.
 */
export interface Problem {
  readonly field: string;
  readonly rule: string;
}

/**
 * The longest id Helios carries (request and imp ids). An id travels as a CloudEvent `id`, `subject` and
 * `partitionkey`, that is as HTTP headers and a Kafka record key; a UUID is 36 characters, and 256 keeps
 * every header far below Node's 16 KiB header limit.
 */
export const MAX_ID_LENGTH = 256;

/** The longest free text Helios stores (user id, site domain): a domain is at most 253 characters. */
export const MAX_TEXT_LENGTH = 1024;

/** Prices are CPM in numeric(12, 4) columns, which hold values below 10^8. */
export const MAX_CPM = 100_000_000;

/** The rules, worded once so OpenRTB, Helios JSON and event problems read alike. */
export const RULES = {
  object: 'must be an object',
  nonEmptyString: 'must be a non-empty string',
  string: 'must be a string',
  positiveNumber: 'must be a positive number',
  nonNegativeNumber: 'must be a non-negative number',
  nonNegativeInteger: 'must be a non-negative integer',
  nonEmptyArray: 'must be a non-empty array',
  stringArray: 'must be an array of strings',
  nonEmptyStringArray: 'must be a non-empty array of strings',
  integerArray: 'must be an array of integers',
  currency: 'must be a 3-letter ISO-4217 currency code',
  boolean: 'must be true or false',
  dateTime: 'must be an RFC 3339 date-time',
  cpm: `must be a non-negative number below ${MAX_CPM} (CPM)`,
  id: `must be a non-empty string of at most ${MAX_ID_LENGTH} characters, without control characters or lone surrogates`,
  nonEmptyText: `must be a non-empty string of at most ${MAX_TEXT_LENGTH} characters, without control characters or lone surrogates`,
  text: `must be a string of at most ${MAX_TEXT_LENGTH} characters, without control characters or lone surrogates`,
} as const;

/** A plain JSON object (not null, not an array, not bytes). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * What CloudEvents 1.0 §Type System excludes from a String: C0 and C1 control characters (`\p{Cc}`, which an HTTP
 * header cannot carry and Postgres text cannot hold as NUL), lone surrogates (which UTF-8 cannot encode)
 * and noncharacters.
 */
const NOT_CARRIABLE = /\p{Cc}|\p{Cs}|\p{Noncharacter_Code_Point}/u;

/**
 * Text that every hop can carry unchanged: a string of at most `maxLength` UTF-16 units holding only
 * characters a CloudEvents String allows (see NOT_CARRIABLE).
 */
export function isCarriableText(value: unknown, maxLength = MAX_TEXT_LENGTH): value is string {
  return typeof value === 'string' && value.length <= maxLength && !NOT_CARRIABLE.test(value);
}

/** An id Helios passes on as a CloudEvent attribute: carriable text, not blank, at most MAX_ID_LENGTH. */
export function isId(value: unknown): value is string {
  return isNonEmptyString(value) && isCarriableText(value, MAX_ID_LENGTH);
}

export function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A price or floor, CPM, that the outcomes table can store. */
export function isCpm(value: unknown): value is number {
  return isNonNegativeNumber(value) && value < MAX_CPM;
}

export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isIntegerArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isSafeInteger(item));
}

/** ISO-4217 codes are three upper-case letters (OpenRTB 2.6 §3.2.1 `cur`, §3.2.4 `bidfloorcur`). */
export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value);
}

/** An RFC 3339 date-time as Date.toISOString writes it, and Date can read back. */
export function isDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * Checks the optional fields of `parent`: each present one (not undefined) must satisfy its predicate,
 * else a problem `<path>.<key> <rule>` is added.
 */
export function checkOptional(
  problems: Problem[],
  parent: Record<string, unknown>,
  path: string,
  checks: Readonly<Record<string, readonly [(value: unknown) => boolean, string]>>,
): void {
  for (const [key, [predicate, rule]] of Object.entries(checks)) {
    if (parent[key] !== undefined && !predicate(parent[key])) problems.push({ field: `${path}.${key}`, rule });
  }
}
