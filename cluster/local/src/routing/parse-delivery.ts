import { isRecord } from './read-manifests.ts';
import { parseDuration } from './parse-duration.ts';
import type { DeliverySpec, SinkKind } from './routing.ts';

/** The fields one delivery spec sets; the unset ones fall back (a Trigger's to its Broker's). */
export interface PartialDelivery {
  readonly retry?: number;
  readonly backoffPolicy?: 'linear' | 'exponential';
  readonly backoffDelayMs?: number;
  readonly timeoutMs?: number;
  readonly deadLetterSink?: { readonly kind: string; readonly name: string };
}

/** Knative Kafka data-plane defaults: no retry, exponential, 1 s (DefaultBackoffDelayMs), 600 s timeout. */
export const DELIVERY_DEFAULTS = Object.freeze({
  retry: 0,
  backoffPolicy: 'exponential',
  backoffDelayMs: 1000,
  timeoutMs: 600_000,
} as const);

/**
 * Reads a DeliverySpec (eventing duck v1) at `field` (e.g. `spec.delivery`). Every invalid value is
 * pushed onto `problems` as `<where> <field>.<name>: <rule>`; the valid ones are returned. A deadLetterSink
 * must be a `ref` (a `uri` cannot be produced to locally); whether the ref exists is checked by the caller.
 */
export function parseDelivery(value: unknown, where: string, field: string, problems: string[]): PartialDelivery {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.push(`${where} ${field}: must be a mapping`);
    return {};
  }
  const delivery: {
    retry?: number;
    backoffPolicy?: 'linear' | 'exponential';
    backoffDelayMs?: number;
    timeoutMs?: number;
    deadLetterSink?: { kind: string; name: string };
  } = {};
  const { retry, backoffPolicy, backoffDelay, timeout, deadLetterSink } = value;
  if (retry !== undefined) {
    if (Number.isInteger(retry) && (retry as number) >= 0) delivery.retry = retry as number;
    else problems.push(`${where} ${field}.retry: must be a non-negative integer (got ${JSON.stringify(retry)})`);
  }
  if (backoffPolicy !== undefined) {
    if (backoffPolicy === 'linear' || backoffPolicy === 'exponential') delivery.backoffPolicy = backoffPolicy;
    else
      problems.push(
        `${where} ${field}.backoffPolicy: must be linear or exponential (got ${JSON.stringify(backoffPolicy)})`,
      );
  }
  for (const [name, text] of [
    ['backoffDelay', backoffDelay],
    ['timeout', timeout],
  ] as const) {
    if (text === undefined) continue;
    const ms = typeof text === 'string' ? parseDuration(text) : null;
    if (ms === null || (name === 'timeout' && ms <= 0)) {
      problems.push(
        `${where} ${field}.${name}: must be an ISO-8601 duration such as PT0.2S (got ${JSON.stringify(text)})`,
      );
    } else if (name === 'backoffDelay') delivery.backoffDelayMs = ms;
    else delivery.timeoutMs = ms;
  }
  if (deadLetterSink !== undefined) {
    const ref = isRecord(deadLetterSink) && isRecord(deadLetterSink['ref']) ? deadLetterSink['ref'] : undefined;
    if (ref && typeof ref['kind'] === 'string' && typeof ref['name'] === 'string') {
      delivery.deadLetterSink = { kind: ref['kind'], name: ref['name'] };
    } else {
      problems.push(
        `${where} ${field}.deadLetterSink.ref: must name a KafkaSink or Broker (a uri is not supported locally)`,
      );
    }
  }
  return delivery;
}

/**
 * The delivery a subscription runs with: `own` field by field over `fallback` (a Trigger's over its
 * Broker's, as the Kafka trigger reconciler merges them) over the defaults. `deadLetterKind` is the
 * resolved kind of the dead-letter ref, checked by the caller.
 */
export function resolveDelivery(
  own: PartialDelivery,
  fallback: PartialDelivery,
  deadLetterKind: (ref: { kind: string; name: string }) => SinkKind | null,
): DeliverySpec {
  const deadLetter = own.deadLetterSink ?? fallback.deadLetterSink;
  const kind = deadLetter ? deadLetterKind(deadLetter) : null;
  return Object.freeze({
    retry: own.retry ?? fallback.retry ?? DELIVERY_DEFAULTS.retry,
    backoffPolicy: own.backoffPolicy ?? fallback.backoffPolicy ?? DELIVERY_DEFAULTS.backoffPolicy,
    backoffDelayMs: own.backoffDelayMs ?? fallback.backoffDelayMs ?? DELIVERY_DEFAULTS.backoffDelayMs,
    timeoutMs: own.timeoutMs ?? fallback.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs,
    deadLetterSink: deadLetter && kind ? deadLetter.name : null,
    deadLetterSinkKind: kind,
  });
}
