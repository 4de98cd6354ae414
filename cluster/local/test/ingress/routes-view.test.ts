import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRoutesView } from '../../src/ingress/routes-view.ts';
import { loadRouting } from '../../src/routing/load-routing.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
const routing = await loadRouting({
  eventingDir: path.join(root, 'eventing'),
  functionsDir: path.join(root, 'functions'),
});
const sinkUrl = (name: string, kind: string) => `http://127.0.0.1:9000/${kind}/${name}`;
const functionUrl = (name: string) => (name === 'analytics' ? null : `http://127.0.0.1:7000/${name}/`);

describe('buildRoutesView', () => {
  const view = buildRoutesView({ routing, sinkUrl, functionUrl });

  it('lists every subscription of the routing with its subscriber resolved to a URL', () => {
    expect(view.subscriptions.map((subscription) => subscription.name)).toEqual(
      routing.subscriptions.map((subscription) => subscription.name),
    );
    for (const [index, subscription] of routing.subscriptions.entries()) {
      const shown = view.subscriptions[index]!;
      expect(shown).toMatchObject({
        kind: subscription.kind,
        topics: subscription.topics,
        group: subscription.group,
        ordering: subscription.ordering,
        filter: subscription.filter,
        deadLetterSink: subscription.delivery.deadLetterSink,
      });
      const base = functionUrl(subscription.subscriber.function);
      expect(shown.subscriber).toEqual({
        function: subscription.subscriber.function,
        url: base === null ? null : new URL(subscription.subscriber.path, base).toString(),
      });
    }
  });

  it('shows each binding as function → sink → topic, and each sink with its URL', () => {
    expect(view.bindings).toHaveLength(routing.bindings.length);
    const ingest = view.bindings.find((binding) => binding.function === 'ingest');
    expect(ingest).toMatchObject({
      sink: 'bid-requests',
      sinkKind: 'KafkaSink',
      topic: 'bid_requests',
      url: sinkUrl('bid-requests', 'KafkaSink'),
    });
    for (const sink of view.sinks) expect(sink.url).toBe(sinkUrl(sink.name, sink.kind));
    expect(view.sinks.map((sink) => sink.name)).toEqual(routing.sinks.map((sink) => sink.name));
  });

  it('shows the Triggers of the outcomes Broker with their filters', () => {
    const triggers = view.subscriptions.filter(
      (subscription) => subscription.kind === 'Trigger' && subscription.broker === 'auction-outcomes',
    );
    expect(triggers.map((trigger) => trigger.subscriber.function).sort()).toEqual(['analytics', 'bidder']);
    for (const trigger of triggers) expect(trigger.topics).toEqual(['auction_outcomes']);
  });

  it("shows the bid-requests Broker's Trigger feeding the bidder from bid_requests", () => {
    const triggers = view.subscriptions.filter(
      (subscription) => subscription.kind === 'Trigger' && subscription.broker === 'bid-requests',
    );
    expect(triggers.map((trigger) => [trigger.subscriber.function, trigger.topics])).toEqual([
      ['bidder', ['bid_requests']],
    ]);
  });
});
