import type { Routing, SinkKind } from '../routing/routing.ts';

/** The wiring in effect, as `GET /_cluster/routes` shows it: eventing/*.yaml resolved to local URLs. */
export interface RoutesView {
  readonly namespace: string;
  readonly sinks: readonly { name: string; kind: string; topic: string; url: string }[];
  readonly bindings: readonly {
    name: string;
    function: string;
    sink: string;
    sinkKind: string;
    topic: string | null;
    url: string;
  }[];
  readonly subscriptions: readonly {
    kind: string;
    name: string;
    topics: readonly string[];
    group: string;
    initialOffset: string;
    ordering: string;
    filter: unknown;
    deadLetterSink: string | null;
    broker: string | null;
    subscriber: { function: string; url: string | null };
  }[];
  readonly functions: readonly { name: string; invoke: string; url: string | null }[];
}

export interface BuildRoutesViewOptions {
  readonly routing: Routing;
  /** The sink ingress URL of a sink (startSinkIngress's urlFor); a Broker may share a KafkaSink's name. */
  readonly sinkUrl: (sinkName: string, kind: SinkKind) => string;
  /** The base URL of a running function; null when it is not running. */
  readonly functionUrl: (functionName: string) => string | null;
}

/**
 * Resolves the routing model to what is actually called: every sink's URL, each binding's sink topic,
 * each subscription's subscriber URL. Pure: the same routing and URLs give the same view.
 */
export function buildRoutesView(options: BuildRoutesViewOptions): RoutesView {
  const { routing } = options;
  const subscriberUrl = (name: string, subscriberPath: string) => {
    const base = options.functionUrl(name);
    return base === null ? null : new URL(subscriberPath, base).toString();
  };
  return {
    namespace: routing.namespace,
    sinks: routing.sinks.map((sink) => ({
      name: sink.name,
      kind: sink.kind,
      topic: sink.topic,
      url: options.sinkUrl(sink.name, sink.kind),
    })),
    bindings: routing.bindings.map((binding) => ({
      name: binding.name,
      function: binding.function,
      sink: binding.sink,
      sinkKind: binding.sinkKind,
      topic: routing.sinks.find((sink) => sink.name === binding.sink && sink.kind === binding.sinkKind)?.topic ?? null,
      url: options.sinkUrl(binding.sink, binding.sinkKind),
    })),
    subscriptions: routing.subscriptions.map((subscription) => ({
      kind: subscription.kind,
      name: subscription.name,
      topics: subscription.topics,
      group: subscription.group,
      initialOffset: subscription.initialOffset,
      ordering: subscription.ordering,
      filter: subscription.filter,
      deadLetterSink: subscription.delivery.deadLetterSink,
      broker: subscription.broker,
      subscriber: {
        function: subscription.subscriber.function,
        url: subscriberUrl(subscription.subscriber.function, subscription.subscriber.path),
      },
    })),
    functions: routing.functions.map((fn) => ({ name: fn.name, invoke: fn.invoke, url: options.functionUrl(fn.name) })),
  };
}
