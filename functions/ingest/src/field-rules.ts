/**
 * The vocabulary of request validation: a problem names a JSON path and the rule it broke, and reads as
 * `<field> <rule>`, prebid's form (`ortb/request_validator_banner.go`):
 * `request.imp[0].banner.w must be a positive number`.
 */
export interface Problem {
  readonly field: string;
  readonly rule: string;
}

/** The rules, worded once so OpenRTB and Helios JSON problems read alike. */
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
} as const;

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isIntegerArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isInteger(item));
}

/** ISO-4217 codes are three upper-case letters (OpenRTB 2.6 §3.2.1 `cur`, §3.2.4 `bidfloorcur`). */
export function isCurrency(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value);
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
