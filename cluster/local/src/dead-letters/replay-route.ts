import type { DeadLetterError } from '@helios/core';
import { matchesFilter } from '../eventing/event-filter.ts';
import type { Routing, Subscription } from '../routing/routing.ts';

/** Where a replayed dead letter goes. */
export type ReplayRoute =
  /** Straight to the subscriber it failed at, which is running here under that same URL. */
  | { readonly kind: 'subscriber'; readonly url: string; readonly subscription: string }
  /** Back onto the topic it was read from: every subscription of that topic sees it again. */
  | { readonly kind: 'topic'; readonly topic: string; readonly subscriptions: readonly string[] };

const label = (subscription: Subscription) => `${subscription.kind}/${subscription.name}`;

/**
 * Where to replay a dead letter (pure). In order:
 * 1. `knativeerrordest` is a subscriber URL running now (`liveSubscribers`: URL → subscription): to it.
 * 2. It names a Knative Service (`http://<service>.<namespace>…`) some subscription delivers to, with a
 *    filter the event passes: back onto that subscription's topic.
 * 3. The event's `source` is a function's (`/helios/<function>`) that a SinkBinding points at a topic:
 *    back onto that topic, its original route.
 * Null when none applies. Redelivering to every subscription of a topic is safe: effects are keyed by
 * the event's source and id.
 */
export function replayRoute(options: {
  routing: Routing;
  event: Readonly<Record<string, string>>;
  error: DeadLetterError;
  liveSubscribers: ReadonlyMap<string, string>;
}): ReplayRoute | null {
  const { routing, event, error } = options;
  const destination = normalise(error.destination);
  const live = destination === null ? undefined : options.liveSubscribers.get(destination);
  if (destination !== null && live !== undefined) return { kind: 'subscriber', url: destination, subscription: live };

  const service = destination === null ? null : new URL(destination).hostname.split('.')[0];
  const failedAt = routing.subscriptions.find(
    (subscription) => subscription.subscriber.function === service && matchesFilter(subscription.filter, event),
  );
  const topic = failedAt?.topics[0] ?? producedTopic(routing, event['source']);
  if (topic === undefined) return null;
  const subscriptions = routing.subscriptions
    .filter((subscription) => subscription.topics.includes(topic) && matchesFilter(subscription.filter, event))
    .map(label);
  return { kind: 'topic', topic, subscriptions };
}

/** The URL as the WHATWG parser writes it, so `http://h:1` and `http://h:1/` compare equal; null when not a URL. */
export function normalise(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

function producedTopic(routing: Routing, source: string | undefined): string | undefined {
  const producer = source?.match(/^\/helios\/([a-z0-9-]+)$/)?.[1];
  const binding = routing.bindings.find((candidate) => candidate.function === producer);
  return binding && routing.sinks.find((sink) => sink.name === binding.sink && sink.kind === binding.sinkKind)?.topic;
}
