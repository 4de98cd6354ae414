/**
 * The one list of Helios error codes and the errors that carry them. Only a function's `handle` turns an
 * error into a response; the status decides redelivery: Knative retries 5xx, 404, 408, 409 and 429
 * (eventing-kafka-broker WebClientCloudEventSender.isRetryableStatusCode), so a retryable failure answers
 * 503 and a permanent one 4xx.
 */
export const ERROR_CODES = [
  'invalid_field',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'rate_limited',
  'dependency_unavailable',
  'not_found',
  'method_not_allowed',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface HeliosErrorOptions {
  message: string;
  code: ErrorCode;
  status: number;
  retryable: boolean;
  field?: string;
  rule?: string;
  cause?: unknown;
}

/** Base of every error Helios raises on purpose. Its own properties are enumerable, so it serialises to JSON. */
export class HeliosError extends Error {
  declare readonly code: ErrorCode;
  declare readonly status: number;
  declare readonly retryable: boolean;
  declare readonly field?: string;
  declare readonly rule?: string;

  constructor(options: HeliosErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = new.target.name;
    Object.defineProperty(this, 'message', { value: options.message, enumerable: true });
    Object.assign(this, { code: options.code, status: options.status, retryable: options.retryable });
    if (options.field !== undefined) Object.assign(this, { field: options.field });
    if (options.rule !== undefined) Object.assign(this, { rule: options.rule });
  }

  /** The JSON body of an error response: `{ error: { code, message, field?, rule? } }`. */
  toJSON(): { error: { code: ErrorCode; message: string; field?: string; rule?: string } } {
    return { error: { code: this.code, message: this.message, field: this.field, rule: this.rule } };
  }
}

/**
 * A field broke a rule. The message reads `<field> <rule>`, prebid's form:
 * `request.imp[0].banner.w must be a positive number`.
 */
export class InvalidFieldError extends HeliosError {
  static readonly code = 'invalid_field';
  constructor(field: string, rule: string) {
    super({ message: `${field} ${rule}`, code: InvalidFieldError.code, status: 400, retryable: false, field, rule });
  }
}

/** The body is not the JSON it claims to be. */
export class InvalidJsonError extends HeliosError {
  static readonly code = 'invalid_json';
  constructor(detail: string) {
    super({
      message: `body must be valid JSON: ${detail}`,
      code: InvalidJsonError.code,
      status: 400,
      retryable: false,
      field: 'body',
      rule: 'must be valid JSON',
    });
  }
}

/** The body is larger than the limit, in bytes. */
export class PayloadTooLargeError extends HeliosError {
  static readonly code = 'payload_too_large';
  constructor(limitBytes: number) {
    super({
      message: `body must be at most ${limitBytes} bytes`,
      code: PayloadTooLargeError.code,
      status: 413,
      retryable: false,
      field: 'body',
      rule: `must be at most ${limitBytes} bytes`,
    });
  }
}

/** The Content-Type is not one this endpoint reads. */
export class UnsupportedMediaTypeError extends HeliosError {
  static readonly code = 'unsupported_media_type';
  constructor(contentType: string, accepted: readonly string[]) {
    super({
      message: `content-type must be one of ${accepted.join(', ')} (got ${contentType || 'none'})`,
      code: UnsupportedMediaTypeError.code,
      status: 415,
      retryable: false,
      field: 'content-type',
      rule: `must be one of ${accepted.join(', ')}`,
    });
  }
}

export class UnauthorizedError extends HeliosError {
  static readonly code = 'unauthorized';
  constructor(message = 'credentials are missing or invalid') {
    super({ message, code: UnauthorizedError.code, status: 401, retryable: false });
  }
}

export class RateLimitedError extends HeliosError {
  static readonly code = 'rate_limited';
  constructor(message = 'too many requests') {
    super({ message, code: RateLimitedError.code, status: 429, retryable: true });
  }
}

export class NotFoundError extends HeliosError {
  static readonly code = 'not_found';
  constructor(what: string) {
    super({ message: `${what} was not found`, code: NotFoundError.code, status: 404, retryable: false });
  }
}

/** The path exists but not for this HTTP method; the response carries `Allow` (RFC 9110 §15.5.6). */
export class MethodNotAllowedError extends HeliosError {
  static readonly code = 'method_not_allowed';
  declare readonly allow: readonly string[];
  constructor(method: string, allow: readonly string[]) {
    super({
      message: `method must be one of ${allow.join(', ')} (got ${method || 'none'})`,
      code: MethodNotAllowedError.code,
      status: 405,
      retryable: false,
      field: 'method',
      rule: `must be one of ${allow.join(', ')}`,
    });
    Object.defineProperty(this, 'allow', { value: allow, enumerable: false });
  }
}

/** A dependency (the event sink, a database) failed; the caller should retry, and Knative will. */
export class DependencyUnavailableError extends HeliosError {
  static readonly code = 'dependency_unavailable';
  constructor(dependency: string, cause?: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    super({
      message: `${dependency} is unavailable${detail}`,
      code: DependencyUnavailableError.code,
      status: 503,
      retryable: true,
      cause,
    });
  }
}

/**
 * The response for any error: a HeliosError keeps its status and code; anything else is an internal
 * error, answered 500 without its message (it may carry internals).
 */
export function errorResponse(error: unknown): { statusCode: number; headers: Record<string, string>; body: object } {
  const known =
    error instanceof HeliosError
      ? error
      : new HeliosError({ message: 'internal error', code: 'internal', status: 500, retryable: true, cause: error });
  return {
    statusCode: known.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: known.toJSON(),
  };
}
