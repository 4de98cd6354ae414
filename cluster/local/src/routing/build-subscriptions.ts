import {
  DELIVERY_DEFAULTS,
  egressConfigOf,
  deliveryOverBroker,
  parseDelivery,
  resolveDelivery,
} from './parse-delivery.ts';
import { parseTriggerFilter } from './parse-filter.ts';
import type { Manifest } from './read-manifests.ts';
import type { References } from './references.ts';
import type { DeliverySpec, SinkRoute, Subscription } from './routing.ts';

/** The annotation that sets a Trigger's delivery order (eventing-kafka-broker; default unordered). */
export const DELIVERY_ORDER_ANNOTATION = 'kafka.eventing.knative.dev/delivery.order';

interface SubscriptionContext {
  readonly namespace: string;
  readonly references: References;
  readonly sinks: readonly SinkRoute[];
  /** Broker manifests by name, for a Trigger's fallback delivery. */
  readonly brokers: ReadonlyMap<string, Manifest>;
  readonly problems: string[];
}

/**
 * A KafkaSource as its data plane runs it: its consumerGroup, initialOffset (default latest), ordering
 * (default ordered), delivery and sink. Each topic must be written by a KafkaSink or be a Broker's.
 * Returns null (problems pushed) when anything is invalid.
 */
export function buildKafkaSource(manifest: Manifest, context: SubscriptionContext): Subscription | null {
  const where = `${manifest.file} KafkaSource/${manifest.name}`;
  const { spec } = manifest;
  const before = context.problems.length;
  const topics = Array.isArray(spec['topics']) ? spec['topics'] : [];
  if (topics.length === 0 || !topics.every((topic) => typeof topic === 'string')) {
    context.problems.push(`${where} spec.topics: must be a non-empty list of topic names`);
  }
  for (const topic of topics) {
    if (typeof topic === 'string' && !context.sinks.some((sink) => sink.topic === topic)) {
      context.problems.push(
        `${where} spec.topics: topic "${topic}" is written by no KafkaSink and is no Broker's topic`,
      );
    }
  }
  const group = spec['consumerGroup'] ?? `knative-kafka-source-${manifest.name}`;
  if (typeof group !== 'string' || group === '') context.problems.push(`${where} spec.consumerGroup: must be a string`);
  const initialOffset = oneOf(
    spec['initialOffset'],
    ['earliest', 'latest'],
    'latest',
    where,
    'spec.initialOffset',
    context,
  );
  const ordering = oneOf(spec['ordering'], ['ordered', 'unordered'], 'ordered', where, 'spec.ordering', context);
  const own = parseDelivery(spec['delivery'], where, 'spec.delivery', context.problems);
  // Without a delivery spec the source reconciler gives the consumer group Knative's own default policy.
  const egress =
    spec['delivery'] === undefined
      ? DELIVERY_DEFAULTS.kafkaSource
      : egressConfigOf(own, DELIVERY_DEFAULTS.kafkaSourceBackoffDelayMs);
  const delivery = resolveDelivery(egress && { deadLetterSink: null, ...egress }, (ref) =>
    context.references.sinkKind(ref, where, 'spec.delivery.deadLetterSink.ref'),
  );
  const subscriber = context.references.function(spec['sink'], where, 'spec.sink');
  if (context.problems.length > before || !subscriber) return null;
  return Object.freeze({
    kind: 'KafkaSource',
    name: manifest.name,
    topics: Object.freeze([...(topics as string[])]),
    group: group as string,
    initialOffset,
    ordering,
    filter: null,
    delivery,
    subscriber: Object.freeze(subscriber),
    broker: null,
  });
}

/**
 * A Trigger as the Kafka Broker's data plane runs it: its Broker's topic, consumer group
 * `knative-trigger-<namespace>-<name>`, earliest offset, ordering from the delivery.order annotation
 * (default unordered), its filter, and its delivery merged over its Broker's as Knative merges them
 * (mergeEgressConfig). Null when invalid.
 */
export function buildTrigger(manifest: Manifest, context: SubscriptionContext): Subscription | null {
  const where = `${manifest.file} Trigger/${manifest.name}`;
  const { spec } = manifest;
  const before = context.problems.length;
  const brokerName = spec['broker'];
  const broker = typeof brokerName === 'string' ? context.brokers.get(brokerName) : undefined;
  const route = context.sinks.find((sink) => sink.kind === 'Broker' && sink.name === brokerName);
  if (!broker || !route)
    context.problems.push(`${where} spec.broker: Broker ${JSON.stringify(brokerName)} is not defined in eventing/`);
  const ordering = oneOf(
    manifest.annotations[DELIVERY_ORDER_ANNOTATION],
    ['ordered', 'unordered'],
    'unordered',
    where,
    `metadata.annotations["${DELIVERY_ORDER_ANNOTATION}"]`,
    context,
  );
  const filter = parseTriggerFilter(spec, where, context.problems);
  const delivery = deliveryOnBroker(spec['delivery'], broker, where, context);
  const subscriber = context.references.function(spec['subscriber'], where, 'spec.subscriber');
  if (context.problems.length > before || !subscriber || !route) return null;
  return Object.freeze({
    kind: 'Trigger',
    name: manifest.name,
    topics: Object.freeze([route.topic]),
    group: `knative-trigger-${context.namespace}-${manifest.name}`,
    initialOffset: 'earliest',
    ordering,
    filter,
    delivery,
    subscriber: Object.freeze(subscriber),
    broker: route.name,
  });
}

function oneOf<const T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: T,
  where: string,
  field: string,
  context: SubscriptionContext,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  context.problems.push(`${where} ${field}: must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return fallback;
}

/**
 * The delivery of a subscription on a Broker (a Trigger, or a RequestReply's reply Triggers): its own
 * `spec.delivery`, checked (problems pushed), merged over its Broker's as Knative does (deliveryOverBroker).
 */
export function deliveryOnBroker(
  own: unknown,
  broker: Manifest | undefined,
  where: string,
  context: Pick<SubscriptionContext, 'references' | 'problems'>,
): DeliverySpec {
  const parsed = parseDelivery(own, where, 'spec.delivery', context.problems);
  // The Broker's own manifest was checked when it was read; read quietly here, for the fallback only.
  const fallback = broker ? parseDelivery(broker.spec['delivery'], where, 'broker delivery', []) : {};
  return deliveryOverBroker({
    own: parsed,
    broker: fallback,
    ownDeadLetterKind: (ref) => context.references.sinkKind(ref, where, 'spec.delivery.deadLetterSink.ref'),
    inheritedDeadLetterKind: (ref) => context.references.findSinkKind(ref),
  });
}
