/**
 * The local cluster and the Kubernetes manifests agree: the routing graph derived here from eventing/
 * by a plain walk of the YAML (topic -> KafkaSource/Trigger -> function; function -> SinkBinding ->
 * KafkaSink -> topic) equals the one cluster/local's loadRouting() wires from the same files.
 */
import { describe, expect, it } from 'vitest';
import { loadRouting } from '../../cluster/local/src/routing/load-routing.ts';
import { at, loadFile, manifestFiles, type LoadedObject } from './support/load-manifests.ts';
import { EVENTING_DIR, FUNCTIONS_DIR } from './support/repo-paths.ts';

const EXTERNAL_TOPIC = 'kafka.eventing.knative.dev/external.topic';

/** Edges `from -> to` as strings: `topic:x -> function:y` and `function:y -> topic:x`. */
function deriveGraph(objects: readonly LoadedObject[]): string[] {
  const byKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const sinkTopic = new Map(byKind('KafkaSink').map((sink) => [sink.name, at(sink.object, 'spec.topic') as string]));
  const brokerTopic = new Map(
    byKind('Broker').map((broker) => [
      broker.name,
      (at(broker.object, 'metadata.annotations') as Record<string, string>)[EXTERNAL_TOPIC]!,
    ]),
  );
  const edges: string[] = [];
  for (const source of byKind('KafkaSource')) {
    for (const topic of at(source.object, 'spec.topics') as string[]) {
      edges.push(`topic:${topic} -> function:${String(at(source.object, 'spec.sink.ref.name'))}`);
    }
  }
  for (const trigger of byKind('Trigger')) {
    const topic = brokerTopic.get(at(trigger.object, 'spec.broker') as string);
    edges.push(`topic:${topic} -> function:${String(at(trigger.object, 'spec.subscriber.ref.name'))}`);
  }
  for (const binding of byKind('SinkBinding')) {
    const sink = at(binding.object, 'spec.sink.ref') as { kind: string; name: string };
    const topic = sink.kind === 'Broker' ? brokerTopic.get(sink.name) : sinkTopic.get(sink.name);
    edges.push(`function:${String(at(binding.object, 'spec.subject.name'))} -> topic:${topic}`);
  }
  return edges.sort();
}

const eventingObjects = manifestFiles()
  .filter((file) => file.startsWith('eventing/'))
  .flatMap((file) => loadFile(file));

describe('routing agreement between eventing/ and the local cluster', () => {
  it('the graph derived from eventing/ is the Helios pipeline', () => {
    expect(deriveGraph(eventingObjects)).toEqual([
      'function:auction -> topic:auction_outcomes',
      'function:bidder -> topic:bid_responses',
      'function:ingest -> topic:bid_requests',
      'topic:auction_outcomes -> function:analytics',
      'topic:auction_outcomes -> function:bidder',
      'topic:bid_requests -> function:bidder',
      'topic:bid_responses -> function:auction',
      'topic:dead_letters -> function:analytics',
    ]);
  });

  it('loadRouting() wires exactly the graph derived from the same files', async () => {
    const routing = await loadRouting({ eventingDir: EVENTING_DIR, functionsDir: FUNCTIONS_DIR });
    const sinkTopic = new Map(routing.sinks.map((sink) => [`${sink.kind}/${sink.name}`, sink.topic]));
    const wired = [
      ...routing.subscriptions.flatMap((subscription) =>
        subscription.topics.map((topic) => `topic:${topic} -> function:${subscription.subscriber.function}`),
      ),
      ...routing.bindings.map(
        (binding) => `function:${binding.function} -> topic:${sinkTopic.get(`${binding.sinkKind}/${binding.sink}`)}`,
      ),
    ].sort();
    expect(wired).toEqual(deriveGraph(eventingObjects));
  });

  it('loadRouting() uses the partitions, ordering, delivery and consumer groups the manifests declare', async () => {
    const routing = await loadRouting({ eventingDir: EVENTING_DIR, functionsDir: FUNCTIONS_DIR });
    for (const sink of eventingObjects.filter((object) => object.kind === 'KafkaSink')) {
      const topic = routing.topics.find((candidate) => candidate.name === at(sink.object, 'spec.topic'));
      expect(topic?.partitions, sink.name).toBe(at(sink.object, 'spec.numPartitions'));
    }
    for (const source of eventingObjects.filter((object) => object.kind === 'KafkaSource')) {
      const subscription = routing.subscriptions.find(
        (candidate) => candidate.kind === 'KafkaSource' && candidate.name === source.name,
      )!;
      expect(subscription.ordering).toBe(at(source.object, 'spec.ordering'));
      expect(subscription.group).toBe(at(source.object, 'spec.consumerGroup'));
      expect(subscription.delivery.retry).toBe(at(source.object, 'spec.delivery.retry'));
      expect(subscription.delivery.deadLetterSink).toBe(
        at(source.object, 'spec.delivery.deadLetterSink.ref.name') ?? null,
      );
    }
    for (const trigger of eventingObjects.filter((object) => object.kind === 'Trigger')) {
      const subscription = routing.subscriptions.find(
        (candidate) => candidate.kind === 'Trigger' && candidate.name === trigger.name,
      )!;
      const annotations = at(trigger.object, 'metadata.annotations') as Record<string, string>;
      expect(subscription.ordering).toBe(annotations['kafka.eventing.knative.dev/delivery.order']);
    }
  });

  it('a change to the manifests changes the derived graph (the comparison can fail)', () => {
    const changed = structuredClone(eventingObjects) as LoadedObject[];
    const source = changed.find((object) => object.kind === 'KafkaSource')!;
    (source.object['spec'] as { topics: string[] }).topics = ['dead_letters'];
    expect(deriveGraph(changed)).not.toEqual(deriveGraph(eventingObjects));
  });
});
