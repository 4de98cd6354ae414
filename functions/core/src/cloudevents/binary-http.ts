import type { EventMessage } from './event-message.ts';
import { encodeHeaderValue } from './header-value.ts';

/**
 * The HTTP request (or response) of an event in binary content mode (HTTP binding §3.1): `ce-<name>`
 * headers, values percent-encoded (§3.1.3.2), `datacontenttype` as Content-Type, the data as the body.
 */
export function toBinaryHttp(message: EventMessage): { headers: Record<string, string>; body: Buffer } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    if (name === 'datacontenttype') headers['content-type'] = value;
    else headers[`ce-${name}`] = encodeHeaderValue(value);
  }
  return { headers, body: message.data };
}
