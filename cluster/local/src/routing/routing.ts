/**
 * The routing of the local cluster, built once from eventing/*.yaml and functions/<name>/func.yaml by
 * loadRouting. Every topic, sink, binding and subscription comes from those manifests: code never names
 * one a second time. All values are frozen.
 */
import type { TopicSpec } from '../event-log/event-log.ts';

export type { TopicSpec } from '../event-log/event-log.ts';

/** What an event can be addressed to: a KafkaSink, or a Kafka-class Broker. */
export type SinkKind = 'KafkaSink' | 'Broker';

/**
 * An addressable that writes to a topic. KafkaSinks are served at `/<namespace>/<name>`, as
 * kafka-sink-ingress does; Brokers at `/brokers/<namespace>/<name>`, because in Knative they live on
 * another host (kafka-broker-ingress) and may share a KafkaSink's name, as auction-outcomes does here.
 */
export interface SinkRoute {
  readonly name: string;
  readonly kind: SinkKind;
  readonly topic: string;
  readonly path: string;
}

/** A SinkBinding: the function's K_SINK is the URL of `sink` (of kind `sinkKind`). */
export interface Binding {
  readonly name: string;
  readonly function: string;
  readonly sink: string;
  readonly sinkKind: SinkKind;
}

/** Delivery spec (eventing duck v1 DeliverySpec), with Knative's Kafka data-plane defaults applied. */
export interface DeliverySpec {
  /** Retries after the first attempt; 0 when unset, as the Kafka dispatcher does. */
  readonly retry: number;
  readonly backoffPolicy: 'linear' | 'exponential';
  readonly backoffDelayMs: number;
  /** Per-attempt timeout; 600 s when unset (WebClientCloudEventSender.DEFAULT_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** The dead-letter sink's name, or null: then a failed event is logged and dropped. */
  readonly deadLetterSink: string | null;
  readonly deadLetterSinkKind: SinkKind | null;
}

/** A Trigger filter (eventing SubscriptionsAPIFilter); `filter.attributes` becomes `exact`. */
export type EventFilter =
  | { readonly exact: Readonly<Record<string, string>> }
  | { readonly prefix: Readonly<Record<string, string>> }
  | { readonly suffix: Readonly<Record<string, string>> }
  | { readonly all: readonly EventFilter[] }
  | { readonly any: readonly EventFilter[] }
  | { readonly not: EventFilter };

/** A KafkaSource or a Trigger: a consumer group reading topics and POSTing to a function. */
export interface Subscription {
  readonly kind: 'KafkaSource' | 'Trigger';
  readonly name: string;
  readonly topics: readonly string[];
  readonly group: string;
  readonly initialOffset: 'earliest' | 'latest';
  readonly ordering: 'ordered' | 'unordered';
  readonly filter: EventFilter | null;
  readonly delivery: DeliverySpec;
  /** The function called, and the path on it (the ref's relative `uri`, else `/`). */
  readonly subscriber: { readonly function: string; readonly path: string };
  /** For a Trigger, its Broker's name; null for a KafkaSource. */
  readonly broker: string | null;
}

/** A function folder: functions/<name>/func.yaml. */
export interface FunctionSpec {
  readonly name: string;
  /** Absolute path of the function's folder. */
  readonly dir: string;
  readonly invoke: 'http' | 'cloudevent';
  /**
   * func.yaml `run.envs` entries whose value is a RequestReply's in-cluster address
   * (`http://request-reply.knative-eventing.svc.cluster.local/<namespace>/<name>`): the local cluster sets
   * each to its own address of that RequestReply.
   */
  readonly requestReplyEnvs: readonly { readonly env: string; readonly requestReply: string }[];
}

/**
 * A RequestReply (eventing.knative.dev/v1alpha1): a request POSTed to it is forwarded into its Broker with
 * `correlationAttribute` set to `<id>:<signature>:<replica>`, and the caller is answered with the event
 * whose `replyAttribute` holds that value, by the replica holding the connection.
 */
export interface RequestReplyRoute {
  readonly name: string;
  readonly broker: string;
  /** The Broker's topic, where requests go and replies come back. */
  readonly topic: string;
  readonly correlationAttribute: string;
  readonly replyAttribute: string;
  readonly timeoutMs: number;
  /** Delivery of the replies to the replicas (the per-replica Triggers): its own, else its Broker's. */
  readonly delivery: DeliverySpec;
  /** Where the local cluster serves it: `/request-reply/<namespace>/<name>` on the sink ingress. */
  readonly path: string;
}

export interface Routing {
  readonly namespace: string;
  readonly topics: readonly TopicSpec[];
  readonly sinks: readonly SinkRoute[];
  readonly bindings: readonly Binding[];
  readonly subscriptions: readonly Subscription[];
  readonly requestReplies: readonly RequestReplyRoute[];
  readonly functions: readonly FunctionSpec[];
}
