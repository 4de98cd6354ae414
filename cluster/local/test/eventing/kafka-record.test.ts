import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/event-log/event-log.ts';
import { eventMessage } from '@helios/core';
import { messageToRecord, recordToMessage } from '../../src/eventing/kafka-record.ts';

function stored(overrides: Partial<StoredRecord>): StoredRecord {
  return {
    topic: 'bid_requests',
    partition: 2,
    offset: 17n,
    timestamp: Date.UTC(2026, 0, 2, 3, 4, 5),
    key: null,
    value: Buffer.alloc(0),
    headers: {},
    ...overrides,
  };
}

const source = { namespace: 'helios', kafkaSource: 'bidder-bid-requests' };

describe('messageToRecord', () => {
  it('writes attributes as ce_ headers, datacontenttype as content-type and partitionkey as the key', () => {
    const message = eventMessage(
      {
        specversion: '1.0',
        id: 'a',
        source: '/s',
        type: 't',
        partitionkey: 'req-1',
        datacontenttype: 'application/json',
      },
      Buffer.from('{"x":1}'),
    );
    expect(messageToRecord(message)).toEqual({
      key: 'req-1',
      value: Buffer.from('{"x":1}'),
      headers: {
        ce_specversion: '1.0',
        ce_id: 'a',
        ce_source: '/s',
        ce_type: 't',
        ce_partitionkey: 'req-1',
        'content-type': 'application/json',
      },
    });
  });

  it('writes a null key without a partitionkey', () => {
    expect(
      messageToRecord(eventMessage({ specversion: '1.0', id: 'a', source: '/s', type: 't' }, Buffer.alloc(0))).key,
    ).toBeNull();
  });
});

describe('recordToMessage', () => {
  it('reads a binary-mode record back to the same event, bytes untouched', () => {
    const attributes = {
      specversion: '1.0',
      id: 'a',
      source: '/s',
      type: 't',
      outcome: 'win',
      datacontenttype: 'application/json',
    };
    const record = messageToRecord(eventMessage(attributes, Buffer.from('{ "x" : 1 }')));
    const message = recordToMessage(stored(record), source);
    expect(message?.attributes).toEqual(attributes);
    expect(message?.data.toString()).toBe('{ "x" : 1 }');
  });

  it('reads a structured-mode record', () => {
    const value = Buffer.from(JSON.stringify({ specversion: '1.0', id: 'a', source: '/s', type: 't', data: { x: 1 } }));
    const message = recordToMessage(
      stored({ value, headers: { 'content-type': 'application/cloudevents+json' } }),
      source,
    );
    expect(message?.attributes).toEqual({
      specversion: '1.0',
      id: 'a',
      source: '/s',
      type: 't',
      datacontenttype: 'application/json',
    });
    expect(JSON.parse(message?.data.toString() ?? '')).toEqual({ x: 1 });
  });

  it('makes a KafkaSource event of a plain record, as the KafkaSource does', () => {
    const record = stored({
      key: 'user-7',
      value: Buffer.from('plain text'),
      headers: { 'content-type': 'text/plain' },
    });
    const message = recordToMessage(record, source);
    expect(message?.attributes).toEqual({
      specversion: '1.0',
      id: 'partition:2/offset:17',
      source: '/apis/v1/namespaces/helios/kafkasources/bidder-bid-requests#bid_requests',
      type: 'dev.knative.kafka.event',
      subject: 'partition:2#17',
      time: '2026-01-02T03:04:05.000Z',
      datacontenttype: 'text/plain',
      key: 'user-7',
      partitionkey: 'user-7',
    });
    expect(message?.data.toString()).toBe('plain text');
  });

  it('wraps a record whose ce_ headers lack a required attribute, for a KafkaSource', () => {
    const message = recordToMessage(stored({ headers: { ce_specversion: '1.0', ce_id: 'a' } }), source);
    expect(message?.attributes['type']).toBe('dev.knative.kafka.event');
  });

  it('gives nothing for a plain record read by a Trigger', () => {
    expect(recordToMessage(stored({ value: Buffer.from('x') }), { namespace: 'helios', kafkaSource: null })).toBeNull();
  });
});
