import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, metricsRegistry } from '@helios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../src/event-log/embedded-log.ts';
import type { EventLog, LogConsumer, StoredRecord } from '../../src/event-log/event-log.ts';
import { partitionForKey } from '../../src/event-log/partition-for-key.ts';
import { startSinkIngress, type SinkIngress } from '../../src/eventing/sink-ingress.ts';
import { loadRouting, type Routing } from '../../src/routing/load-routing.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const logger = createLogger({ service: 'sink-ingress-test', level: 'silent' });

const binaryHeaders = {
  'ce-specversion': '1.0',
  'ce-id': 'request:r-1',
  'ce-source': '/helios/ingest',
  'ce-type': 'dev.helios.bid.request',
  'ce-partitionkey': 'r-1',
  'ce-traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  'content-type': 'application/json',
};

async function next(consumer: LogConsumer): Promise<StoredRecord> {
  const result = await Promise.race([
    consumer[Symbol.asyncIterator]().next(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no record written')), 2_000)),
  ]);
  if (result.done) throw new Error('consumer ended');
  return result.value;
}

async function ingressCount(sink: string, status: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('helios_sink_ingress_total')?.get();
  return metric?.values.find((value) => value.labels['sink'] === sink && value.labels['status'] === status)?.value ?? 0;
}

describe('startSinkIngress', () => {
  let routing: Routing;
  let log: EventLog;
  let ingress: SinkIngress;
  let requests: LogConsumer;
  let outcomes: LogConsumer;

  beforeAll(async () => {
    routing = await loadRouting({
      eventingDir: path.join(root, 'eventing'),
      functionsDir: path.join(root, 'functions'),
    });
    log = createEmbeddedLog();
    await log.createTopics(routing.topics);
    requests = await log.consume({ group: 'test-requests', topics: ['bid_requests'], initialOffset: 'earliest' });
    outcomes = await log.consume({ group: 'test-outcomes', topics: ['auction_outcomes'], initialOffset: 'earliest' });
    ingress = await startSinkIngress({ routing, log, port: 0, logger });
  });

  afterAll(async () => {
    await ingress.close();
    await log.close();
  });

  it('writes a binary-mode event to the sink topic as a binary-mode record keyed by partitionkey, and answers 202', async () => {
    const before = await ingressCount('bid-requests', '202');
    const body = '{"id":"r-1","imp":[{"id":"1"}]}';
    const response = await fetch(ingress.urlFor('bid-requests'), {
      method: 'POST',
      headers: { ...binaryHeaders, 'ce-note': 'caf%C3%A9%20au%20lait' },
      body,
    });
    expect(response.status).toBe(202);
    const record = await next(requests);
    expect(record.key).toBe('r-1');
    expect(record.value.toString()).toBe(body);
    expect(record.partition).toBe(partitionForKey('r-1', 6));
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: 'request:r-1',
      ce_source: '/helios/ingest',
      ce_type: 'dev.helios.bid.request',
      ce_partitionkey: 'r-1',
      ce_traceparent: binaryHeaders['ce-traceparent'],
      ce_note: 'café au lait',
      'content-type': 'application/json',
    });
    expect(await ingressCount('bid-requests', '202')).toBe(before + 1);
  });

  it('writes a structured-mode event in binary mode', async () => {
    const event = {
      specversion: '1.0',
      id: 'request:r-2',
      source: '/helios/ingest',
      type: 'dev.helios.bid.request',
      partitionkey: 'r-2',
      data: { id: 'r-2' },
    };
    const response = await fetch(ingress.urlFor('bid-requests'), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(202);
    const record = await next(requests);
    expect(record.key).toBe('r-2');
    expect(record.headers).toMatchObject({
      ce_id: 'request:r-2',
      ce_partitionkey: 'r-2',
      'content-type': 'application/json',
    });
    expect(JSON.parse(record.value.toString())).toEqual({ id: 'r-2' });
  });

  it('takes events for the Broker at its own path, into its topic', async () => {
    const url = ingress.urlFor('auction-outcomes', 'Broker');
    expect(url).toBe(`${ingress.url}/brokers/helios/auction-outcomes`);
    expect(ingress.urlFor('auction-outcomes')).toBe(`${ingress.url}/helios/auction-outcomes`);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...binaryHeaders,
        'ce-id': 'outcome:r-3:1',
        'ce-type': 'dev.helios.auction.outcome',
        'ce-partitionkey': 'c-9',
      },
      body: '{}',
    });
    expect(response.status).toBe(202);
    const record = await next(outcomes);
    expect(record.headers['ce_id']).toBe('outcome:r-3:1');
    expect(record.key).toBe('c-9');
  });

  it.each([
    ['a missing source', { 'ce-source': undefined }, 'source'],
    ['an empty id', { 'ce-id': '' }, 'id'],
    ['a wrong specversion', { 'ce-specversion': '0.1' }, 'specversion'],
    ['a bad time', { 'ce-time': 'yesterday' }, 'time'],
    ['a source that is no URI-reference', { 'ce-source': 'not a uri' }, 'source'],
    ['a relative dataschema', { 'ce-dataschema': '/schemas/bid' }, 'dataschema'],
    ['an empty subject', { 'ce-subject': '' }, 'subject'],
    ['broken percent-encoding', { 'ce-subject': 'bad%zz' }, 'subject'],
    [
      'no CloudEvent at all',
      { 'ce-specversion': undefined, 'ce-id': undefined, 'ce-source': undefined, 'ce-type': undefined },
      'specversion',
    ],
  ])('answers 400 naming the attribute for %s', async (_name, change, field) => {
    const headers = Object.fromEntries(
      Object.entries({ ...binaryHeaders, ...change }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const response = await fetch(ingress.urlFor('bid-requests'), { method: 'POST', headers, body: '{}' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe(`ce-${field}`);
    expect(body.error.message).toMatch(new RegExp(`^ce-${field} `));
  });

  it('answers 400 for a structured body that is not JSON, and for a batch', async () => {
    const url = ingress.urlFor('bid-requests');
    const notJson = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const batch = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      body: '[]',
    });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { error: { field: string } }).error.field).toBe('content-type');
  });

  it('answers 405 with Allow: POST for another method', async () => {
    const response = await fetch(ingress.urlFor('bid-requests'), { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 404 for a path that is no sink', async () => {
    const response = await fetch(`${ingress.url}/helios/no-such-sink`, {
      method: 'POST',
      headers: binaryHeaders,
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect(() => ingress.urlFor('no-such-sink')).toThrow(/no-such-sink/);
  });

  it('answers 413 past the body limit, writing nothing', async () => {
    const small = await startSinkIngress({ routing, log, port: 0, logger, maxBodyBytes: 64 });
    try {
      const response = await fetch(small.urlFor('bid-requests'), {
        method: 'POST',
        headers: binaryHeaders,
        body: 'x'.repeat(65),
      });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('answers 503 when the log rejects the record', async () => {
    const closedLog = createEmbeddedLog();
    await closedLog.close();
    const broken = await startSinkIngress({ routing, log: closedLog, port: 0, logger });
    try {
      const response = await fetch(broken.urlFor('bid-requests'), {
        method: 'POST',
        headers: binaryHeaders,
        body: '{}',
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('dependency_unavailable');
    } finally {
      await broken.close();
    }
  });
});
