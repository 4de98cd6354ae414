import { buildRequestReply, checkRequestReplyEnvs } from './build-request-reply.ts';
import { buildKafkaSource, buildTrigger } from './build-subscriptions.ts';
import { parseDelivery } from './parse-delivery.ts';
import { readFunctions } from './read-functions.ts';
import { isRecord, readManifests, type Manifest } from './read-manifests.ts';
import { References } from './references.ts';
import { RoutingError } from './routing-error.ts';
import type { Binding, RequestReplyRoute, Routing, SinkRoute, Subscription, TopicSpec } from './routing.ts';

export type * from './routing.ts';
export { RoutingError } from './routing-error.ts';

/** The Broker annotation naming a topic the Broker reads instead of creating its own (eventing-kafka-broker). */
export const EXTERNAL_TOPIC_ANNOTATION = 'kafka.eventing.knative.dev/external.topic';

/** Partitions of a topic whose manifest sets none: kafka-broker-config's `default.topic.partitions`. */
const DEFAULT_PARTITIONS = 10;

const HANDLED = new Set(['KafkaSink', 'Broker', 'Trigger', 'KafkaSource', 'SinkBinding', 'RequestReply']);

/**
 * Builds the cluster's routing from `eventingDir` (KafkaSink, Broker, Trigger, KafkaSource, SinkBinding, RequestReply,
 * and the kafka-broker-config ConfigMap for default partitions) and `functionsDir` (functions/<name>/func.yaml),
 * as the Knative Kafka control plane would reconcile them.
 * Throws RoutingError listing every problem at once (file, object, field): a reference to a function,
 * sink or broker that does not exist, a KafkaSource topic nothing writes, a cesql filter, a bad duration,
 * a Knative kind the local cluster does not run.
 */
export async function loadRouting(options: { eventingDir: string; functionsDir: string }): Promise<Routing> {
  const { manifests, problems } = await readManifests(options.eventingDir);
  const functions = await readFunctions(options.functionsDir, problems);
  const namespace = resolveNamespace(manifests, problems);
  const byKind = groupByKind(manifests, problems);
  const defaultPartitions = readDefaultPartitions(manifests, problems);

  const sinks: SinkRoute[] = [];
  const topics = new Map<string, TopicSpec>();
  for (const manifest of byKind.get('KafkaSink') ?? []) {
    const where = `${manifest.file} KafkaSink/${manifest.name}`;
    const { topic, numPartitions } = manifest.spec;
    if (typeof topic !== 'string' || topic === '') {
      problems.push(`${where} spec.topic: must be a topic name`);
      continue;
    }
    if (numPartitions !== undefined && (!Number.isInteger(numPartitions) || (numPartitions as number) < 1)) {
      problems.push(`${where} spec.numPartitions: must be a positive integer (got ${JSON.stringify(numPartitions)})`);
      continue;
    }
    const partitions = (numPartitions as number | undefined) ?? defaultPartitions;
    const known = topics.get(topic);
    if (known && known.partitions !== partitions) {
      problems.push(
        `${where} spec.numPartitions: topic "${topic}" is declared with ${known.partitions} partitions elsewhere`,
      );
    }
    topics.set(topic, Object.freeze({ name: topic, partitions: known?.partitions ?? partitions }));
    sinks.push(
      Object.freeze({ name: manifest.name, kind: 'KafkaSink', topic, path: `/${namespace}/${manifest.name}` }),
    );
  }
  const brokers = new Map<string, Manifest>();
  for (const manifest of byKind.get('Broker') ?? []) {
    const external = manifest.annotations[EXTERNAL_TOPIC_ANNOTATION];
    // Without external.topic the Kafka Broker creates and owns a topic named after itself.
    const topic = external ?? `knative-broker-${namespace}-${manifest.name}`;
    if (!topics.has(topic)) topics.set(topic, Object.freeze({ name: topic, partitions: defaultPartitions }));
    brokers.set(manifest.name, manifest);
    sinks.push(
      Object.freeze({ name: manifest.name, kind: 'Broker', topic, path: `/brokers/${namespace}/${manifest.name}` }),
    );
  }

  const references = new References({ sinks, functions, namespace, problems });
  for (const manifest of byKind.get('Broker') ?? []) {
    const where = `${manifest.file} Broker/${manifest.name}`;
    const delivery = parseDelivery(manifest.spec['delivery'], where, 'spec.delivery', problems);
    if (delivery.deadLetterSink)
      references.sinkKind(delivery.deadLetterSink, where, 'spec.delivery.deadLetterSink.ref');
  }
  const bindings = buildBindings(byKind.get('SinkBinding') ?? [], references, problems);
  const context = { namespace, references, sinks, brokers, problems };
  const subscriptions: (Subscription | null)[] = [
    ...(byKind.get('KafkaSource') ?? []).map((manifest) => buildKafkaSource(manifest, context)),
    ...(byKind.get('Trigger') ?? []).map((manifest) => buildTrigger(manifest, context)),
  ];
  const requestReplies = (byKind.get('RequestReply') ?? [])
    .map((manifest) => buildRequestReply(manifest, context))
    .filter((route): route is RequestReplyRoute => route !== null);
  checkRequestReplyEnvs(functions, requestReplies, problems);
  const groups = new Map<string, string>();
  for (const subscription of subscriptions) {
    if (!subscription) continue;
    const other = groups.get(subscription.group);
    // Two subscriptions in one group would split its partitions between two subscribers.
    if (other)
      problems.push(
        `${subscription.kind}/${subscription.name} consumer group "${subscription.group}" is also used by ${other}`,
      );
    groups.set(subscription.group, `${subscription.kind}/${subscription.name}`);
  }

  if (problems.length > 0) throw new RoutingError(problems);
  return Object.freeze({
    namespace,
    topics: Object.freeze([...topics.values()]),
    sinks: Object.freeze(sinks),
    bindings: Object.freeze(bindings),
    subscriptions: Object.freeze(subscriptions as Subscription[]),
    requestReplies: Object.freeze(requestReplies),
    functions: Object.freeze(functions),
  });
}

function buildBindings(manifests: readonly Manifest[], references: References, problems: string[]): Binding[] {
  const bindings: Binding[] = [];
  for (const manifest of manifests) {
    const where = `${manifest.file} SinkBinding/${manifest.name}`;
    const subject = references.subject(manifest.spec['subject'], where, 'spec.subject');
    const sink = references.sink(manifest.spec['sink'], where, 'spec.sink');
    if (!subject || !sink) continue;
    const other = bindings.find((binding) => binding.function === subject);
    if (other) {
      problems.push(
        `${where} spec.subject.name: function "${subject}" is already bound by SinkBinding/${other.name}: K_SINK would be ambiguous`,
      );
      continue;
    }
    bindings.push(Object.freeze({ name: manifest.name, function: subject, sink: sink.name, sinkKind: sink.kind }));
  }
  return bindings;
}

/** The one namespace of every object (a ref across namespaces cannot be routed locally); `default` when unset. */
function resolveNamespace(manifests: readonly Manifest[], problems: string[]): string {
  const routed = manifests.filter((manifest) => HANDLED.has(manifest.kind));
  const namespaces = new Set(routed.map((manifest) => manifest.namespace ?? 'default'));
  if (namespaces.size > 1) {
    problems.push(
      `eventing/ metadata.namespace: every object must be in one namespace (found ${[...namespaces].join(', ')})`,
    );
  }
  return [...namespaces][0] ?? 'default';
}

function groupByKind(manifests: readonly Manifest[], problems: string[]): Map<string, Manifest[]> {
  const byKind = new Map<string, Manifest[]>();
  for (const manifest of manifests) {
    if (!HANDLED.has(manifest.kind)) {
      // Another Knative kind (a Channel, a Sequence...) would route events that the cluster would silently drop.
      if (manifest.apiVersion.includes('knative.dev')) {
        problems.push(
          `${manifest.file} ${manifest.kind}/${manifest.name}: kind ${manifest.kind} is not supported locally`,
        );
      }
      continue;
    }
    const list = byKind.get(manifest.kind) ?? [];
    const twin = list.find((other) => other.name === manifest.name);
    if (twin) {
      problems.push(`${manifest.file} ${manifest.kind}/${manifest.name}: defined twice (also in ${twin.file})`);
      continue;
    }
    list.push(manifest);
    byKind.set(manifest.kind, list);
  }
  return byKind;
}

function readDefaultPartitions(manifests: readonly Manifest[], problems: string[]): number {
  const config = manifests.find((manifest) => manifest.kind === 'ConfigMap' && manifest.name === 'kafka-broker-config');
  const data = config && isRecord(config.object['data']) ? config.object['data'] : undefined;
  const raw = data?.['default.topic.partitions'];
  if (raw === undefined) return DEFAULT_PARTITIONS;
  const partitions = Number(raw);
  if (Number.isInteger(partitions) && partitions > 0) return partitions;
  problems.push(
    `${config?.file} ConfigMap/kafka-broker-config data["default.topic.partitions"]: must be a positive integer`,
  );
  return DEFAULT_PARTITIONS;
}
