import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/ §3.2): `traceparent` is
 * `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. CloudEvents carry it as the `traceparent`
 * extension (CloudEvents distributed-tracing extension).
 */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

/** Parses a traceparent header; undefined when absent or malformed (a malformed one starts a new trace). */
export function parseTraceparent(value: unknown): TraceContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return Object.freeze({ traceId, spanId, flags });
}

/** A new span: in the parent's trace when there is one, else the root of a new sampled trace. */
export function childSpan(parent?: TraceContext): TraceContext {
  return Object.freeze({
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    flags: parent?.flags ?? '01',
  });
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}
