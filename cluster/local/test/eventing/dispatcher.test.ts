import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@helios/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmbeddedLog } from '../../src/event-log/embedded-log.ts';
import type { EventLog, StoredRecord } from '../../src/event-log/event-log.ts';
import { createDeadLetterProducer } from '../../src/eventing/dead-letter.ts';
import { startDispatcher, type RunningDispatcher } from '../../src/eventing/dispatcher.ts';
import { eventMessage } from '@helios/core';
import { messageToRecord } from '../../src/eventing/kafka-record.ts';
import type { DeliverySpec, Routing, Subscription } from '../../src/routing/routing.ts';
import { settleRealIo, untilReal } from '../../../../test/helpers/until-real.ts';

const logger = createLogger({ service: 'dispatcher-test', level: 'silent' });

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

interface Subscriber {
  readonly url: string;
  readonly received: Received[];
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real HTTP subscriber on a free port; `answer` decides each response (it may wait). */
async function startSubscriber(
  answer: (request: Received, index: number) => Answer | Promise<Answer>,
): Promise<Subscriber> {
  const received: Received[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString() };
      received.push(entry);
      const result = await answer(entry, received.length - 1);
      inFlight--;
      if (response.destroyed) return;
      response.writeHead(result.status, result.headers ?? {}).end(result.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const subscriber = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  cleanups.push(subscriber.close);
  return subscriber;
}

const ROUTING: Routing = {
  namespace: 'test',
  topics: [
    { name: 'events', partitions: 3 },
    { name: 'dead_letters', partitions: 1 },
  ],
  sinks: [{ name: 'dead-letters', kind: 'KafkaSink', topic: 'dead_letters', path: '/test/dead-letters' }],
  bindings: [],
  subscriptions: [],
      requestReplies: [],
  functions: [],
};

let groups = 0;
function subscription(
  overrides: Partial<Omit<Subscription, 'delivery'>> & { delivery?: Partial<DeliverySpec> } = {},
): Subscription {
  const { delivery, ...rest } = overrides;
  return {
    kind: 'KafkaSource',
    name: 'test-source',
    topics: ['events'],
    group: `group-${++groups}`,
    initialOffset: 'earliest',
    ordering: 'ordered',
    filter: null,
    subscriber: { function: 'fn', path: '/' },
    broker: null,
    ...rest,
    delivery: {
      retry: 0,
      backoffPolicy: 'linear',
      backoffDelayMs: 10,
      timeoutMs: 2_000,
      deadLetterSink: 'dead-letters',
      deadLetterSinkKind: 'KafkaSink',
      ...delivery,
    },
  };
}

async function newLog(): Promise<EventLog> {
  const log = createEmbeddedLog();
  await log.createTopics(ROUTING.topics);
  cleanups.push(() => log.close());
  return log;
}

async function dispatch(
  log: EventLog,
  sub: Subscription,
  subscriber: Subscriber,
  extra: { concurrency?: number; drainTimeoutMs?: number } = {},
): Promise<RunningDispatcher> {
  const dispatcher = await startDispatcher({
    subscription: sub,
    log,
    subscriberUrl: subscriber.url,
    deadLetter: createDeadLetterProducer({ routing: ROUTING, log }),
    namespace: 'test',
    logger,
    ...extra,
  });
  cleanups.push(() => dispatcher.close());
  return dispatcher;
}

function produceEvent(log: EventLog, id: string, key: string | null, extensions: Record<string, string> = {}) {
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id,
    source: '/test',
    type: 'dev.helios.test',
    datacontenttype: 'application/json',
    ...extensions,
  };
  if (key !== null) attributes['partitionkey'] = key;
  return log.produce('events', messageToRecord(eventMessage(attributes, Buffer.from(JSON.stringify({ id })))));
}

async function deadLetters(log: EventLog, count: number): Promise<StoredRecord[]> {
  const consumer = await log.consume({
    group: `dead-letter-reader-${++groups}`,
    topics: ['dead_letters'],
    initialOffset: 'earliest',
  });
  const iterator = consumer[Symbol.asyncIterator]();
  const records: StoredRecord[] = [];
  try {
    while (records.length < count) {
      const next = await Promise.race([
        iterator.next(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`only ${records.length} dead letters`)), 5_000),
        ),
      ]);
      if (next.done) break;
      records.push(next.value);
    }
  } finally {
    await consumer.close();
  }
  return records;
}

/** The first record a new member of `group` would read, or null if none arrives within 100 ms. */
async function firstUncommitted(log: EventLog, group: string): Promise<bigint | null> {
  const consumer = await log.consume({ group, topics: ['events'], initialOffset: 'earliest' });
  try {
    const next = await Promise.race([
      consumer[Symbol.asyncIterator]().next(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 100)),
    ]);
    return next && !next.done ? next.value.offset : null;
  } finally {
    await consumer.close();
  }
}

const decode = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString();

describe('startDispatcher', () => {
  it('delivers same-key events of an ordered subscription one at a time, in offset order, in binary mode', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      return { status: 202 };
    });
    const ids = Array.from({ length: 20 }, (_, i) => `e${i}`);
    for (const id of ids) await produceEvent(log, id, 'campaign-1', { note: 'two words' });
    const dispatcher = await dispatch(log, subscription({ ordering: 'ordered' }), subscriber);
    await vi.waitFor(() => expect(dispatcher.stats().delivered).toBe(20), { timeout: 5_000 });
    expect(subscriber.received.map((r) => r.headers['ce-id'])).toEqual(ids);
    expect(subscriber.maxInFlight()).toBe(1);
    const first = subscriber.received[0] as Received;
    expect(first.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-source': '/test',
      'ce-type': 'dev.helios.test',
      'ce-partitionkey': 'campaign-1',
      'ce-note': 'two%20words',
      'content-type': 'application/json',
    });
    expect(JSON.parse(first.body)).toEqual({ id: 'e0' });
  });

  it('retries a subscriber that answers 503 with the linear backoff, then succeeds without a dead letter', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber((_request, index) => (index < 3 ? { status: 503 } : { status: 200 }));
    await produceEvent(log, 'flaky', 'k');
    // The backoff is the dispatcher's own timing: its timers run on a fake clock, and each retry must wait
    // for exactly its delay (linear: 40, 80, 120 ms), not go out a millisecond before.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const dispatcher = await dispatch(
        log,
        subscription({ delivery: { retry: 5, backoffPolicy: 'linear', backoffDelayMs: 40 } }),
        subscriber,
      );
      await untilReal(() => subscriber.received.length === 1);
      for (let retry = 1; retry <= 3; retry++) {
        await untilReal(() => dispatcher.stats().retried === retry);
        await vi.advanceTimersByTimeAsync(40 * retry - 1);
        await settleRealIo();
        expect(subscriber.received, `retry ${retry} before its backoff`).toHaveLength(retry);
        await vi.advanceTimersByTimeAsync(1);
        await untilReal(() => subscriber.received.length === retry + 1);
      }
      await untilReal(() => dispatcher.stats().delivered === 1);
      expect(subscriber.received).toHaveLength(4);
      expect(dispatcher.stats()).toMatchObject({ retried: 3, deadLettered: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a 400 straight to the dead-letter sink with knativeerrorcode 400', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(() => ({ status: 400, body: '{"error":"bad bid"}' }));
    await produceEvent(log, 'rejected', 'k');
    const dispatcher = await dispatch(log, subscription({ delivery: { retry: 5 } }), subscriber);
    const [letter] = await deadLetters(log, 1);
    expect(subscriber.received).toHaveLength(1);
    expect(letter?.headers).toMatchObject({
      ce_id: 'rejected',
      ce_knativeerrorcode: '400',
      ce_knativeerrordest: `${subscriber.url}/`,
    });
    expect(decode(letter?.headers['ce_knativeerrordata'])).toBe('{"error":"bad bid"}');
    expect(letter?.key).toBe('k');
    expect(JSON.parse(letter?.value.toString() ?? '')).toEqual({ id: 'rejected' });
    expect(dispatcher.stats()).toMatchObject({ deadLettered: 1, retried: 0, delivered: 0 });
  });

  it('sends an event to the dead-letter sink with the last status and body once retries are exhausted', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(() => ({ status: 503, body: 'overloaded' }));
    await produceEvent(log, 'doomed', 'k');
    const dispatcher = await dispatch(
      log,
      subscription({ delivery: { retry: 2, backoffPolicy: 'exponential', backoffDelayMs: 5 } }),
      subscriber,
    );
    const [letter] = await deadLetters(log, 1);
    expect(subscriber.received).toHaveLength(3);
    expect(letter?.headers['ce_knativeerrorcode']).toBe('503');
    expect(decode(letter?.headers['ce_knativeerrordata'])).toBe('overloaded');
    expect(dispatcher.stats()).toMatchObject({ deadLettered: 1, retried: 2 });
  });

  it('treats a timeout as retryable and dead-letters it with the reason and no status', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { status: 200 };
    });
    await produceEvent(log, 'slow', 'k');
    await dispatch(log, subscription({ delivery: { retry: 1, timeoutMs: 100 } }), subscriber);
    const [letter] = await deadLetters(log, 1);
    expect(subscriber.received).toHaveLength(2);
    expect(letter?.headers['ce_knativeerrorcode']).toBeUndefined();
    expect(decode(letter?.headers['ce_knativeerrordata'])).toBe('dispatch error: timeout after 100 ms');
  });

  it('drops a failed event when there is no dead-letter sink, and moves on', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber((request) => ({ status: request.headers['ce-id'] === 'bad' ? 422 : 200 }));
    await produceEvent(log, 'bad', 'k');
    await produceEvent(log, 'good', 'k');
    const sub = subscription({ delivery: { deadLetterSink: null, deadLetterSinkKind: null } });
    const dispatcher = await dispatch(log, sub, subscriber);
    await vi.waitFor(() => expect(dispatcher.stats()).toMatchObject({ dropped: 1, delivered: 1 }), { timeout: 5_000 });
    await dispatcher.close();
    expect(await firstUncommitted(log, sub.group)).toBeNull();
  });

  it('commits only what the subscriber accepted: after close a new member resumes at the first unfinished event', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber((request) => ({ status: request.headers['ce-id'] === 'e2' ? 503 : 200 }));
    for (const id of ['e0', 'e1', 'e2', 'e3']) await produceEvent(log, id, 'same-key');
    const sub = subscription({ ordering: 'ordered', delivery: { retry: 1_000, backoffDelayMs: 10 } });
    const dispatcher = await dispatch(log, sub, subscriber, { drainTimeoutMs: 100 });
    await vi.waitFor(() => expect(dispatcher.stats().retried).toBeGreaterThan(1), { timeout: 5_000 });
    expect(dispatcher.stats().delivered).toBe(2);
    await dispatcher.close();
    expect(await firstUncommitted(log, sub.group)).toBe(2n);
    expect(subscriber.received.map((r) => r.headers['ce-id'])).not.toContain('e3');
  });

  it('lets in-flight deliveries finish on close, then commits them', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { status: 200 };
    });
    for (const id of ['e0', 'e1', 'e2']) await produceEvent(log, id, `key-${id}`);
    const sub = subscription({ ordering: 'unordered' });
    const dispatcher = await dispatch(log, sub, subscriber, { drainTimeoutMs: 5_000 });
    await vi.waitFor(() => expect(subscriber.received).toHaveLength(3), { timeout: 5_000 });
    expect(dispatcher.stats().delivered).toBe(0);
    await dispatcher.close();
    expect(dispatcher.stats()).toMatchObject({ delivered: 3, inFlight: 0 });
    expect(await firstUncommitted(log, sub.group)).toBeNull();
  });

  it('never commits past an unordered in-flight gap', async () => {
    const log = await newLog();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    cleanups.push(async () => release());
    const subscriber = await startSubscriber(async (request) => {
      if (request.headers['ce-id'] === 'e1') await held;
      return { status: 200 };
    });
    for (const id of ['e0', 'e1', 'e2', 'e3']) await produceEvent(log, id, 'one-partition');
    const sub = subscription({ ordering: 'unordered' });
    const dispatcher = await dispatch(log, sub, subscriber, { drainTimeoutMs: 50 });
    await vi.waitFor(() => expect(dispatcher.stats().delivered).toBe(3), { timeout: 5_000 });
    expect(dispatcher.stats().inFlight).toBe(1);
    await dispatcher.close();
    expect(await firstUncommitted(log, sub.group)).toBe(1n);
  });

  it('keeps at most `concurrency` deliveries in flight for an unordered subscription, and uses them', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { status: 200 };
    });
    for (let i = 0; i < 20; i++) await produceEvent(log, `e${i}`, `key-${i}`);
    const dispatcher = await dispatch(log, subscription({ ordering: 'unordered' }), subscriber, { concurrency: 3 });
    await vi.waitFor(() => expect(dispatcher.stats().delivered).toBe(20), { timeout: 5_000 });
    expect(subscriber.maxInFlight()).toBe(3);
  });

  it('delivers only what a Trigger filter passes and commits the rest as done', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(() => ({ status: 204 }));
    await produceEvent(log, 'w1', 'c', { outcome: 'win' });
    await produceEvent(log, 'l1', 'c', { outcome: 'loss' });
    await produceEvent(log, 'w2', 'c', { outcome: 'win' });
    const sub = subscription({ kind: 'Trigger', name: 'wins', broker: 'b', filter: { exact: { outcome: 'win' } } });
    const dispatcher = await dispatch(log, sub, subscriber);
    await vi.waitFor(() => expect(dispatcher.stats()).toMatchObject({ delivered: 2, skipped: 1 }), { timeout: 5_000 });
    expect(subscriber.received.map((r) => r.headers['ce-id'])).toEqual(['w1', 'w2']);
    await dispatcher.close();
    expect(await firstUncommitted(log, sub.group)).toBeNull();
  });

  it('turns a plain record into the KafkaSource event, with key and partitionkey', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(() => ({ status: 200 }));
    const { partition, offset } = await log.produce('events', {
      key: 'user-1',
      value: Buffer.from('hello'),
      headers: { 'content-type': 'text/plain' },
    });
    const dispatcher = await dispatch(log, subscription({ name: 'raw' }), subscriber);
    await vi.waitFor(() => expect(dispatcher.stats().delivered).toBe(1), { timeout: 5_000 });
    expect(subscriber.received[0]?.headers).toMatchObject({
      'ce-type': 'dev.knative.kafka.event',
      'ce-id': `partition:${partition}/offset:${offset}`,
      'ce-source': '/apis/v1/namespaces/test/kafkasources/raw#events',
      'ce-subject': `partition:${partition}#${offset}`,
      'ce-key': 'user-1',
      'ce-partitionkey': 'user-1',
      'content-type': 'text/plain',
    });
    expect(subscriber.received[0]?.body).toBe('hello');
  });

  it("puts a Trigger subscriber's CloudEvent reply back into the Broker's topic", async () => {
    const log = await newLog();
    const subscriber = await startSubscriber((request) =>
      request.headers['ce-type'] === 'dev.helios.test'
        ? {
            status: 200,
            headers: {
              'ce-specversion': '1.0',
              'ce-id': 'reply-1',
              'ce-source': '/fn',
              'ce-type': 'dev.helios.reply',
              'content-type': 'application/json',
            },
            body: '{"ok":true}',
          }
        : { status: 204 },
    );
    await produceEvent(log, 'asks', 'k');
    const dispatcher = await dispatch(
      log,
      subscription({ kind: 'Trigger', broker: 'b', ordering: 'unordered' }),
      subscriber,
    );
    await vi.waitFor(() => expect(dispatcher.stats().delivered).toBe(2), { timeout: 5_000 });
    expect(subscriber.received.map((r) => r.headers['ce-id'])).toEqual(['asks', 'reply-1']);
    expect(subscriber.received[1]?.body).toBe('{"ok":true}');
  });

  it('fails a Trigger delivery whose non-empty reply is not a CloudEvent', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"stored":true}',
    }));
    await produceEvent(log, 'asks', 'k');
    await dispatch(log, subscription({ kind: 'Trigger', broker: 'b', delivery: { retry: 3 } }), subscriber);
    const [letter] = await deadLetters(log, 1);
    expect(subscriber.received).toHaveLength(1);
    expect(letter?.headers['ce_knativeerrorcode']).toBe('200');
    expect(decode(letter?.headers['ce_knativeerrordata'])).toBe('{"stored":true}');
  });

  it('discards a KafkaSource subscriber reply, as the KafkaSource does', async () => {
    const log = await newLog();
    const subscriber = await startSubscriber(() => ({ status: 200, body: 'whatever' }));
    await produceEvent(log, 'e0', 'k');
    const dispatcher = await dispatch(log, subscription(), subscriber);
    await vi.waitFor(() => expect(dispatcher.stats().delivered).toBe(1), { timeout: 5_000 });
    expect(dispatcher.stats().deadLettered).toBe(0);
  });
});
