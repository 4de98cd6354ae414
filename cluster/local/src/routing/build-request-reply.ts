import { deliveryOnBroker } from './build-subscriptions.ts';
import { parseDuration } from './parse-duration.ts';
import type { Manifest } from './read-manifests.ts';
import type { References } from './references.ts';
import type { FunctionSpec, RequestReplyRoute, SinkRoute } from './routing.ts';

/** RequestReply's defaults (knative/eventing v1.22 apis/eventing/v1alpha1, config-features requestreply-default-timeout). */
const DEFAULTS = Object.freeze({ correlationAttribute: 'correlationid', replyAttribute: 'replyid', timeout: 'PT30S' });

/**
 * A RequestReply as its data plane runs it: `spec.brokerRef` must name a Broker of eventing/ (whose topic
 * carries the requests and the replies), the attributes and timeout default as Knative's do, its delivery
 * falls back to the Broker's. Null (problems pushed) when anything is invalid.
 */
export function buildRequestReply(
  manifest: Manifest,
  context: {
    namespace: string;
    sinks: readonly SinkRoute[];
    brokers: ReadonlyMap<string, Manifest>;
    references: References;
    problems: string[];
  },
): RequestReplyRoute | null {
  const where = `${manifest.file} RequestReply/${manifest.name}`;
  const { spec } = manifest;
  const before = context.problems.length;
  const ref = spec['brokerRef'] as { kind?: unknown; name?: unknown } | undefined;
  const route = context.sinks.find((sink) => sink.kind === 'Broker' && sink.name === ref?.name);
  if (ref?.kind !== 'Broker' || !route) {
    context.problems.push(
      `${where} spec.brokerRef: must name a Broker defined in eventing/ (got ${JSON.stringify(ref)})`,
    );
  }
  const attribute = (field: 'correlationAttribute' | 'replyAttribute') => {
    const value = spec[field] ?? DEFAULTS[field];
    if (typeof value === 'string' && /^[a-z0-9]+$/.test(value)) return value;
    context.problems.push(`${where} spec.${field}: must be a CloudEvent attribute name (got ${JSON.stringify(value)})`);
    return DEFAULTS[field];
  };
  const correlationAttribute = attribute('correlationAttribute');
  const replyAttribute = attribute('replyAttribute');
  const timeoutText = spec['timeout'] ?? DEFAULTS.timeout;
  const timeoutMs = typeof timeoutText === 'string' ? parseDuration(timeoutText) : null;
  if (timeoutMs === null || timeoutMs <= 0) {
    context.problems.push(`${where} spec.timeout: must be an ISO-8601 duration (got ${JSON.stringify(timeoutText)})`);
  }
  const broker = route ? context.brokers.get(route.name) : undefined;
  const delivery = deliveryOnBroker(spec['delivery'], broker, where, context);
  if (context.problems.length > before || !route || timeoutMs === null) return null;
  return Object.freeze({
    name: manifest.name,
    broker: route.name,
    topic: route.topic,
    correlationAttribute,
    replyAttribute,
    timeoutMs,
    delivery,
    path: `/request-reply/${context.namespace}/${manifest.name}`,
  });
}

/** Pushes a problem for each func.yaml env naming a RequestReply (or namespace) that eventing/ lacks. */
export function checkRequestReplyEnvs(
  functions: readonly FunctionSpec[],
  requestReplies: readonly RequestReplyRoute[],
  problems: string[],
): void {
  for (const fn of functions) {
    for (const { env, requestReply } of fn.requestReplyEnvs) {
      if (!requestReplies.some((route) => route.name === requestReply)) {
        problems.push(
          `functions/${fn.name}/func.yaml run.envs ${env}: RequestReply "${requestReply}" is not defined in eventing/`,
        );
      }
    }
  }
}
