import { isRecord } from './read-manifests.ts';
import { parseDuration } from './parse-duration.ts';
import type { DeliverySpec, SinkKind } from './routing.ts';

/** The fields one delivery spec sets, as written; the unset ones are absent. */
export interface PartialDelivery {
  readonly retry?: number;
  readonly backoffPolicy?: 'linear' | 'exponential';
  readonly backoffDelayMs?: number;
  readonly timeoutMs?: number;
  readonly deadLetterSink?: { readonly kind: string; readonly name: string };
}

/**
 * What Knative's Kafka control plane hands the data plane for one delivery spec (its `EgressConfig`):
 * 0 and '' mean "not set", exactly as in the contract, because that is what the Trigger/Broker merge tests.
 */
export interface EgressConfig {
  readonly deadLetterSink: { readonly kind: string; readonly name: string } | null;
  readonly retry: number;
  readonly backoffPolicy: 'linear' | 'exponential';
  readonly backoffDelayMs: number;
  readonly timeoutMs: number;
}

/**
 * Knative's Kafka defaults. A KafkaSource without `spec.delivery` gets retry 10, exponential, PT0.3S,
 * PT600S (source reconciler); a KafkaSource delivery that sets `retry` but no `backoffDelay` gets 200 ms
 * (consumer reconciler), a Broker's or Trigger's 1 s (BROKER_DEFAULT_BACKOFF_DELAY_MS); a timeout left
 * unset is 600 s in the dispatcher (WebClientCloudEventSender.DEFAULT_TIMEOUT_MS).
 */
export const DELIVERY_DEFAULTS = Object.freeze({
  kafkaSource: Object.freeze({ retry: 10, backoffPolicy: 'exponential', backoffDelayMs: 300, timeoutMs: 600_000 }),
  kafkaSourceBackoffDelayMs: 200,
  brokerBackoffDelayMs: 1000,
  timeoutMs: 600_000,
} as const);

/**
 * Reads a DeliverySpec (eventing duck v1) at `field` (e.g. `spec.delivery`). Every invalid value is
 * pushed onto `problems` as `<where> <field>.<name>: <rule>`; the valid ones are returned. A deadLetterSink
 * must be a `ref` (a `uri` cannot be produced to locally); whether the ref exists is checked by the caller.
 * `retryAfterMax` is accepted and has no effect: the Kafka dispatcher does not read Retry-After.
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
  const { retry, backoffPolicy, backoffDelay, timeout, retryAfterMax, deadLetterSink } = value;
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
    ['retryAfterMax', retryAfterMax],
  ] as const) {
    if (text === undefined) continue;
    const ms = typeof text === 'string' ? parseDuration(text) : null;
    if (ms === null || (name === 'timeout' && ms <= 0)) {
      problems.push(
        `${where} ${field}.${name}: must be an ISO-8601 duration such as PT0.2S (got ${JSON.stringify(text)})`,
      );
    } else if (name === 'backoffDelay') delivery.backoffDelayMs = ms;
    else if (name === 'timeout') delivery.timeoutMs = ms;
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
 * The EgressConfig of one delivery spec, as eventing-kafka-broker's EgressConfigFromDelivery builds it
 * (control-plane/pkg/core/config/utils.go): null when the spec sets none of deadLetterSink, retry and
 * timeout; backoffPolicy and backoffDelay count only when `retry` is set (the delay then defaults to
 * `defaultBackoffDelayMs`, the policy to exponential).
 */
export function egressConfigOf(delivery: PartialDelivery, defaultBackoffDelayMs: number): EgressConfig | null {
  if (delivery.deadLetterSink === undefined && delivery.retry === undefined && delivery.timeoutMs === undefined)
    return null;
  const retrySet = delivery.retry !== undefined;
  return Object.freeze({
    deadLetterSink: delivery.deadLetterSink ?? null,
    retry: delivery.retry ?? 0,
    backoffPolicy: retrySet ? (delivery.backoffPolicy ?? 'exponential') : 'exponential',
    backoffDelayMs: retrySet ? (delivery.backoffDelayMs ?? defaultBackoffDelayMs) : 0,
    timeoutMs: delivery.timeoutMs ?? 0,
  });
}

/**
 * A Trigger's egress config over its Broker's, as the Kafka trigger reconciler merges them
 * (MergeEgressConfig): each non-zero Trigger value wins, except backoffPolicy, which is always the
 * Trigger's once the Trigger has a delivery of its own. So a Trigger's `retry: 0` cannot turn off its
 * Broker's retries, and a Trigger that sets `retry` without `backoffDelay` gets 1 s, not the Broker's delay.
 */
export function mergeEgressConfig(trigger: EgressConfig | null, broker: EgressConfig | null): EgressConfig | null {
  if (trigger === null) return broker;
  if (broker === null) return trigger;
  return Object.freeze({
    deadLetterSink: trigger.deadLetterSink ?? broker.deadLetterSink,
    retry: trigger.retry || broker.retry,
    backoffPolicy: trigger.backoffPolicy,
    backoffDelayMs: trigger.backoffDelayMs || broker.backoffDelayMs,
    timeoutMs: trigger.timeoutMs || broker.timeoutMs,
  });
}

/**
 * The delivery the dispatcher runs with, from the subscription's egress config (null: none), as the
 * data plane reads it: no retries without one, the 600 s timeout when none is set. `deadLetterKind`
 * resolves the dead-letter ref's kind (null when it names nothing the routing knows).
 */
export function resolveDelivery(
  egress: EgressConfig | null,
  deadLetterKind: (ref: { kind: string; name: string }) => SinkKind | null,
): DeliverySpec {
  const deadLetter = egress?.deadLetterSink ?? null;
  const kind = deadLetter ? deadLetterKind(deadLetter) : null;
  return Object.freeze({
    retry: egress?.retry ?? 0,
    backoffPolicy: egress?.backoffPolicy ?? 'exponential',
    backoffDelayMs: egress?.backoffDelayMs ?? 0,
    timeoutMs: egress?.timeoutMs || DELIVERY_DEFAULTS.timeoutMs,
    deadLetterSink: deadLetter && kind ? deadLetter.name : null,
    deadLetterSinkKind: kind,
  });
}

/**
 * The delivery of a subscription on a Broker (a Trigger, or a RequestReply's reply Triggers): its own
 * delivery merged over the Broker's (mergeEgressConfig), then resolved as the data plane reads it. A
 * dead-letter sink of its own is checked as a reference (`ownDeadLetterKind`); one inherited from the
 * Broker was checked with the Broker (`inheritedDeadLetterKind`).
 */
export function deliveryOverBroker(options: {
  own: PartialDelivery;
  broker: PartialDelivery;
  ownDeadLetterKind: (ref: { kind: string; name: string }) => SinkKind | null;
  inheritedDeadLetterKind: (ref: { kind: string; name: string }) => SinkKind | null;
}): DeliverySpec {
  const egress = mergeEgressConfig(
    egressConfigOf(options.own, DELIVERY_DEFAULTS.brokerBackoffDelayMs),
    egressConfigOf(options.broker, DELIVERY_DEFAULTS.brokerBackoffDelayMs),
  );
  return resolveDelivery(
    egress,
    options.own.deadLetterSink ? options.ownDeadLetterKind : options.inheritedDeadLetterKind,
  );
}
