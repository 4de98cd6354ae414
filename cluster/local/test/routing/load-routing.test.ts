import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRouting, RoutingError, type Routing } from '../../src/routing/load-routing.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const eventingDir = path.join(root, 'eventing');
const functionsDir = path.join(root, 'functions');

describe('loadRouting from the repository eventing/', () => {
  let routing: Routing;
  beforeAll(async () => {
    routing = await loadRouting({ eventingDir, functionsDir });
  });

  it('reads the namespace and every function with a func.yaml', () => {
    expect(routing.namespace).toBe('helios');
    const functions = Object.fromEntries(routing.functions.map((fn) => [fn.name, fn.invoke]));
    expect(functions).toEqual({
      analytics: 'cloudevent',
      auction: 'cloudevent',
      bidder: 'cloudevent',
      ingest: 'http',
      profile: 'http',
    });
    expect(routing.functions.find((fn) => fn.name === 'bidder')?.dir).toBe(path.join(functionsDir, 'bidder'));
  });

  it('creates the three pipeline topics and the dead-letter topic with their KafkaSink partitions', () => {
    expect([...routing.topics].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'auction_outcomes', partitions: 6 },
      { name: 'bid_requests', partitions: 6 },
      { name: 'bid_responses', partitions: 6 },
      { name: 'dead_letters', partitions: 1 },
    ]);
  });

  it('serves each KafkaSink at /<namespace>/<name> and the Broker on its external topic', () => {
    expect(routing.sinks).toContainEqual({
      name: 'bid-requests',
      kind: 'KafkaSink',
      topic: 'bid_requests',
      path: '/helios/bid-requests',
    });
    expect(routing.sinks).toContainEqual({
      name: 'dead-letters',
      kind: 'KafkaSink',
      topic: 'dead_letters',
      path: '/helios/dead-letters',
    });
    expect(routing.sinks).toContainEqual({
      name: 'auction-outcomes',
      kind: 'Broker',
      topic: 'auction_outcomes',
      path: '/brokers/helios/auction-outcomes',
    });
    const paths = routing.sinks.map((sink) => sink.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('binds each producing function to its KafkaSink', () => {
    const bindings = Object.fromEntries(
      routing.bindings.map((binding) => [binding.function, `${binding.sinkKind}/${binding.sink}`]),
    );
    expect(bindings).toEqual({
      ingest: 'KafkaSink/bid-requests',
      bidder: 'KafkaSink/bid-responses',
      auction: 'KafkaSink/auction-outcomes',
    });
  });

  it('runs the RequestReply bid-requests over the bid-requests Broker, for the func.yaml env that names it', () => {
    expect(routing.requestReplies).toEqual([
      expect.objectContaining({
        name: 'bid-requests',
        broker: 'bid-requests',
        topic: 'bid_requests',
        correlationAttribute: 'correlationid',
        replyAttribute: 'replyid',
        timeoutMs: 5000,
        path: '/request-reply/helios/bid-requests',
      }),
    ]);
    const ingest = routing.functions.find((fn) => fn.name === 'ingest');
    expect(ingest?.requestReplyEnvs).toEqual([{ env: 'HELIOS_REQUEST_REPLY_URL', requestReply: 'bid-requests' }]);
  });

  it('runs the KafkaSources and Triggers with their groups, offsets, ordering and delivery', () => {
    const bidder = routing.subscriptions.find((s) => s.name === 'bidder-bid-requests');
    expect(bidder).toMatchObject({
      kind: 'Trigger',
      topics: ['bid_requests'],
      group: 'knative-trigger-helios-bidder-bid-requests',
      initialOffset: 'earliest',
      ordering: 'unordered',
      filter: { exact: { type: 'dev.helios.bid.request' } },
      subscriber: { function: 'bidder', path: '/' },
      delivery: {
        retry: 2,
        backoffPolicy: 'linear',
        backoffDelayMs: 50,
        timeoutMs: 2000,
        deadLetterSink: 'dead-letters',
        deadLetterSinkKind: 'KafkaSink',
      },
    });
    const auction = routing.subscriptions.find((s) => s.name === 'auction-bid-responses');
    expect(auction).toMatchObject({
      topics: ['bid_responses'],
      group: 'helios-auction',
      ordering: 'ordered',
      subscriber: { function: 'auction' },
    });
  });

  it('runs the two Triggers on the Broker topic with their filters and delivery order', () => {
    const analytics = routing.subscriptions.find((s) => s.name === 'analytics-auction-outcomes');
    expect(analytics).toMatchObject({
      kind: 'Trigger',
      topics: ['auction_outcomes'],
      group: 'knative-trigger-helios-analytics-auction-outcomes',
      initialOffset: 'earliest',
      ordering: 'unordered',
      filter: { exact: { type: 'dev.helios.auction.outcome' } },
      subscriber: { function: 'analytics', path: '/' },
      broker: 'auction-outcomes',
    });
    const spend = routing.subscriptions.find((s) => s.name === 'bidder-campaign-spend');
    expect(spend).toMatchObject({
      ordering: 'ordered',
      filter: { all: [{ exact: { type: 'dev.helios.auction.outcome' } }, { exact: { outcome: 'win' } }] },
      subscriber: { function: 'bidder' },
    });
  });

  it('gives Triggers without a delivery spec their Broker delivery', () => {
    // eventing/broker.yaml (auction-outcomes: money and analytics ride out minutes) and
    // eventing/bid-requests.yaml (the bid path: two quick retries, then the dead-letter sink).
    const brokerDelivery = {
      'auction-outcomes': { retry: 30, backoffDelayMs: 500, timeoutMs: 5000 },
      'bid-requests': { retry: 2, backoffDelayMs: 50, timeoutMs: 2000 },
    } as const;
    const triggers = routing.subscriptions.filter((s) => s.kind === 'Trigger');
    expect(triggers.map((trigger) => trigger.broker).sort()).toEqual([
      'auction-outcomes',
      'auction-outcomes',
      'bid-requests',
    ]);
    for (const trigger of triggers) {
      expect(trigger.delivery).toEqual({
        ...brokerDelivery[trigger.broker as keyof typeof brokerDelivery],
        backoffPolicy: 'linear',
        deadLetterSink: 'dead-letters',
        deadLetterSinkKind: 'KafkaSink',
      });
    }
  });

  it('returns frozen values', () => {
    expect(Object.isFrozen(routing)).toBe(true);
    expect(Object.isFrozen(routing.subscriptions[0]?.delivery)).toBe(true);
  });
});

describe('loadRouting from an edited copy of eventing/', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'helios-routing-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function copyWith(edit: (files: Map<string, string>) => void): Promise<string> {
    const target = await mkdtemp(path.join(dir, 'eventing-'));
    await cp(eventingDir, target, { recursive: true });
    const files = new Map<string, string>();
    for (const file of [
      'bid-requests.yaml',
      'broker.yaml',
      'kafka-sinks.yaml',
      'kafka-sources.yaml',
      'sink-bindings.yaml',
    ]) {
      files.set(file, await readFile(path.join(target, file), 'utf8'));
    }
    edit(files);
    for (const [file, text] of files) await writeFile(path.join(target, file), text);
    return target;
  }

  function replaceIn(files: Map<string, string>, file: string, from: string | RegExp, to: string): void {
    const text = files.get(file) as string;
    const next = text.replace(from, to);
    if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
    files.set(file, next);
  }

  it('sends a KafkaSource to the function its sink now names', async () => {
    const edited = await copyWith((files) =>
      replaceIn(
        files,
        'kafka-sources.yaml',
        /kind: Service\n\s+name: auction/,
        'kind: Service\n      name: analytics\n    uri: /from-responses',
      ),
    );
    const routing = await loadRouting({ eventingDir: edited, functionsDir });
    const source = routing.subscriptions.find((s) => s.name === 'auction-bid-responses');
    expect(source?.subscriber).toEqual({ function: 'analytics', path: '/from-responses' });
  });

  it('reports every broken reference at once, naming file, object and field', async () => {
    const edited = await copyWith((files) => {
      replaceIn(
        files,
        'bid-requests.yaml',
        /kind: Service\n\s+name: bidder/,
        'kind: Service\n      name: no-such-function',
      );
      replaceIn(files, 'kafka-sources.yaml', '    - bid_responses', '    - no_such_topic');
      replaceIn(files, 'sink-bindings.yaml', 'name: bid-requests', 'name: missing-sink');
      replaceIn(files, 'broker.yaml', 'broker: auction-outcomes\n  filter:', 'broker: missing-broker\n  filter:');
      replaceIn(
        files,
        'broker.yaml',
        /kind: KafkaSink\n\s+name: dead-letters/,
        'kind: KafkaSink\n        name: missing-dead-letters',
      );
    });
    const error = await loadRouting({ eventingDir: edited, functionsDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoutingError);
    const problems = (error as RoutingError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'bid-requests.yaml Trigger/bidder-bid-requests spec.subscriber.ref.name: Service "no-such-function" is not a function in functions/',
        'kafka-sources.yaml KafkaSource/auction-bid-responses spec.topics: topic "no_such_topic" is written by no KafkaSink and is no Broker\'s topic',
        'sink-bindings.yaml SinkBinding/ingest-to-bid-requests spec.sink.ref.name: KafkaSink "missing-sink" is not defined in eventing/',
        'broker.yaml Trigger/analytics-auction-outcomes spec.broker: Broker "missing-broker" is not defined in eventing/',
        'broker.yaml Broker/auction-outcomes spec.delivery.deadLetterSink.ref.name: KafkaSink "missing-dead-letters" is not defined in eventing/',
      ]),
    );
    expect((error as Error).message).toContain('no-such-function');
  });

  it('refuses a SinkBinding whose subject is not a function', async () => {
    const edited = await copyWith((files) =>
      replaceIn(files, 'sink-bindings.yaml', 'name: ingest\n', 'name: nobody\n'),
    );
    await expect(loadRouting({ eventingDir: edited, functionsDir })).rejects.toThrow(
      'sink-bindings.yaml SinkBinding/ingest-to-bid-requests spec.subject.name: Service "nobody" is not a function in functions/',
    );
  });

  it('refuses a cesql filter with a clear "not supported locally" error', async () => {
    const edited = await copyWith((files) =>
      replaceIn(files, 'broker.yaml', '    - exact:\n        outcome: win', '    - cesql: "outcome = \'win\'"'),
    );
    await expect(loadRouting({ eventingDir: edited, functionsDir })).rejects.toThrow(
      /broker\.yaml Trigger\/bidder-campaign-spend spec\.filters\[1\]\.cesql: CloudEvents SQL filters are not supported locally/,
    );
  });

  it('reports invalid delivery values and orderings', async () => {
    const edited = await copyWith((files) => {
      replaceIn(files, 'kafka-sources.yaml', 'backoffDelay: PT0.5S', 'backoffDelay: 200ms');
      replaceIn(files, 'kafka-sources.yaml', 'ordering: ordered', 'ordering: sorted');
    });
    const error = (await loadRouting({ eventingDir: edited, functionsDir }).catch(
      (caught: unknown) => caught,
    )) as RoutingError;
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'kafka-sources.yaml KafkaSource/auction-bid-responses spec.delivery.backoffDelay: must be an ISO-8601 duration such as PT0.2S (got "200ms")',
        'kafka-sources.yaml KafkaSource/auction-bid-responses spec.ordering: must be one of ordered, unordered (got "sorted")',
      ]),
    );
  });

  it('merges a Trigger delivery over its Broker as Knative does: a retry without backoffDelay gets 1 s', async () => {
    const edited = await copyWith((files) =>
      replaceIn(
        files,
        'broker.yaml',
        '  broker: auction-outcomes\n  filter:',
        '  broker: auction-outcomes\n  delivery:\n    retry: 1\n    backoffPolicy: exponential\n  filter:',
      ),
    );
    const routing = await loadRouting({ eventingDir: edited, functionsDir });
    const trigger = routing.subscriptions.find((s) => s.name === 'analytics-auction-outcomes');
    expect(trigger?.delivery).toEqual({
      retry: 1,
      backoffPolicy: 'exponential',
      backoffDelayMs: 1000,
      timeoutMs: 5000,
      deadLetterSink: 'dead-letters',
      deadLetterSinkKind: 'KafkaSink',
    });
  });

  it('keeps the Broker retry under a Trigger retry of 0, and takes the Trigger backoffPolicy', async () => {
    const edited = await copyWith((files) =>
      replaceIn(
        files,
        'broker.yaml',
        '  broker: auction-outcomes\n  filter:',
        '  broker: auction-outcomes\n  delivery:\n    timeout: PT1S\n  filter:',
      ),
    );
    const routing = await loadRouting({ eventingDir: edited, functionsDir });
    const trigger = routing.subscriptions.find((s) => s.name === 'analytics-auction-outcomes');
    // A Trigger delivery without retry has no policy of its own: the contract's zero value, exponential.
    expect(trigger?.delivery).toEqual({
      retry: 30,
      backoffPolicy: 'exponential',
      backoffDelayMs: 500,
      timeoutMs: 1000,
      deadLetterSink: 'dead-letters',
      deadLetterSinkKind: 'KafkaSink',
    });
  });

  it("gives a KafkaSource without delivery Knative's default policy and no dead-letter sink", async () => {
    const edited = await copyWith((files) =>
      replaceIn(
        files,
        'kafka-sources.yaml',
        / {2}delivery:\n {4}retry: 30\n(?: {4}.*\n| {6}.*\n)+? {2}sink:/,
        '  sink:',
      ),
    );
    const routing = await loadRouting({ eventingDir: edited, functionsDir });
    const source = routing.subscriptions.find((s) => s.name === 'auction-bid-responses');
    expect(source?.delivery).toEqual({
      retry: 10,
      backoffPolicy: 'exponential',
      backoffDelayMs: 300,
      timeoutMs: 600_000,
      deadLetterSink: null,
      deadLetterSinkKind: null,
    });
  });
});
