import { InvalidFieldError } from '@helios/core';

/**
 * Checks the `x-openrtb-version` header an exchange sends with a BidRequest (OpenRTB 2.6 §2.4 recommends
 * it): absent, or 2.x (`2`, `2.5`, `2.6`, `2.6.1`) is served; another major version cannot be read as 2.6.
 * Throws InvalidFieldError (400) naming the header for another major version or a malformed value.
 */
export function checkOpenRtbVersion(header: string | string[] | undefined): void {
  if (header === undefined) return;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = /^(\d+)(?:\.\d+){0,2}$/.exec(value);
  if (!match) throw new InvalidFieldError('x-openrtb-version', `must be a version such as 2.6 (got ${JSON.stringify(value.slice(0, 32))})`);
  if (match[1] !== '2') throw new InvalidFieldError('x-openrtb-version', `must be 2.x: this endpoint serves OpenRTB 2.6 (got ${value})`);
}
