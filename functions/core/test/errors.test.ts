import { describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  HeliosError,
  InvalidFieldError,
  PayloadTooLargeError,
  errorResponse,
} from '../src/errors.ts';

describe('errors', () => {
  it('InvalidFieldError names the field and the rule in prebid form', () => {
    const error = new InvalidFieldError('request.imp[0].banner.w', 'must be a positive number');
    expect(error.message).toBe('request.imp[0].banner.w must be a positive number');
    expect(error).toMatchObject({ code: 'invalid_field', status: 400, retryable: false });
    expect(error.field).toBe('request.imp[0].banner.w');
  });

  it('a HeliosError serialises straight into the JSON error body', () => {
    const body = JSON.parse(JSON.stringify(new PayloadTooLargeError(65_536)));
    expect(body).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'body must be at most 65536 bytes',
        field: 'body',
        rule: 'must be at most 65536 bytes',
      },
    });
  });

  it('errorResponse keeps a known error status and hides an unknown error behind a 500', () => {
    expect(errorResponse(new DependencyUnavailableError('event sink')).statusCode).toBe(503);
    const unknown = errorResponse(new Error('connection string postgres://secret@db'));
    expect(unknown.statusCode).toBe(500);
    expect(JSON.stringify(unknown.body)).not.toContain('secret');
  });

  it('a dependency failure is retryable and says which dependency', () => {
    const error = new DependencyUnavailableError('event sink', new Error('ECONNREFUSED'));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('event sink is unavailable: ECONNREFUSED');
    expect(error).toBeInstanceOf(HeliosError);
  });
});
