import { CloudEvent } from 'cloudevents';
import type { BidRequest } from '../src/openrtb.ts';

export const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };

/** A small OpenRTB 2.6 request with every field a later stage reads, and some no stage reads. */
export function bidRequest(): BidRequest {
  return {
    id: 'r1',
    at: 1,
    tmax: 120,
    imp: [
      { id: '1', banner: { w: 300, h: 250 }, bidfloor: 0.5, bidfloorcur: 'USD' },
      { id: '2', video: { mimes: ['video/mp4'] } },
    ],
    site: { domain: 'example.com', page: 'https://example.com/a' },
    device: { ua: 'Mozilla/5.0', ip: '192.0.2.1' },
    user: { id: 'u1', yob: 1990 },
  };
}

/** A CloudEvent of `type` carrying `data`, as the runtime hands it to `handle`. */
export function cloudEvent(type: string, data: unknown, attributes: Record<string, unknown> = {}): CloudEvent<unknown> {
  return new CloudEvent<unknown>({ id: 'e1', source: '/helios/test', type, data, ...attributes }, false);
}

/** A copy of `value` with one change made to it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test breaks the types on purpose
export function changed<T>(value: T, change: (copy: any) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}
