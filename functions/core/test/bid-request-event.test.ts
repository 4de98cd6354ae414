import { describe, expect, it } from 'vitest';
import { createBidRequestEvent, readBidRequestEvent } from '../src/bid-request-event.ts';
import { InvalidFieldError } from '../src/errors.ts';
import { formatTraceparent } from '../src/trace.ts';
import { TRACE, bidRequest, changed, cloudEvent } from './fixtures.ts';

const receivedAt = new Date('2026-11-21T12:00:00.000Z');
const data = () => ({ request: bidRequest(), format: 'openrtb', receivedAt: receivedAt.toISOString() });
const event = (value: unknown) => cloudEvent('dev.helios.bid.request', value);

describe('createBidRequestEvent', () => {
  it('builds the event under the request id, keyed and traced, with the request whole', () => {
    const built = createBidRequestEvent({ request: bidRequest(), format: 'openrtb', receivedAt, trace: TRACE });
    expect(built).toMatchObject({
      id: 'r1',
      source: '/helios/ingest',
      type: 'dev.helios.bid.request',
      time: receivedAt.toISOString(),
      partitionkey: 'r1',
      traceparent: formatTraceparent(TRACE),
      data: data(),
    });
  });

  it('carries the deadline when given, and only then', () => {
    const deadline = new Date('2026-11-21T12:00:00.110Z');
    const built = createBidRequestEvent({
      request: bidRequest(),
      format: 'openrtb',
      receivedAt,
      deadline,
      trace: TRACE,
    });
    expect(built.data).toEqual({ ...data(), deadline: deadline.toISOString() });
    expect(readBidRequestEvent(built)).toEqual(built.data);
    expect(
      createBidRequestEvent({ request: bidRequest(), format: 'openrtb', receivedAt, trace: TRACE }).data,
    ).not.toHaveProperty('deadline');
  });

  it('builds what readBidRequestEvent reads back unchanged', () => {
    const built = createBidRequestEvent({ request: bidRequest(), format: 'helios', receivedAt, trace: TRACE });
    expect(readBidRequestEvent(built)).toEqual(built.data);
  });
});

describe('readBidRequestEvent', () => {
  it('returns the data of a valid event, fields no stage reads included', () => {
    expect(readBidRequestEvent(event(data()))).toEqual(data());
  });

  const invalid: [string, unknown, string][] = [
    ['no data', undefined, 'data must be a JSON object'],
    ['no request', { ...data(), request: undefined }, 'data.request must be a JSON object'],
    ['no request id', changed(data(), (copy) => delete copy.request.id), 'data.request.id must be a non-empty string'],
    ['a request id holding NUL', changed(data(), (copy) => (copy.request.id = 'r\u0000')), 'data.request.id must be'],
    ['no imps', changed(data(), (copy) => (copy.request.imp = [])), 'data.request.imp must be a non-empty array'],
    ['an imp without id', changed(data(), (copy) => delete copy.request.imp[1].id), 'data.request.imp[1].id must be'],
    ['an auction type 3', changed(data(), (copy) => (copy.request.at = 3)), 'data.request.at must be 1 (first price)'],
    [
      'a numeric user id',
      changed(data(), (copy) => (copy.request.user.id = 42)),
      'data.request.user.id must be a string',
    ],
    ['a text floor', changed(data(), (copy) => (copy.request.imp[0].bidfloor = '1')), 'data.request.imp[0].bidfloor'],
    ['a bad receivedAt', { ...data(), receivedAt: 'yesterday' }, 'data.receivedAt must be an RFC 3339 date-time'],
    ['a bad deadline', { ...data(), deadline: 'soon' }, 'data.deadline must be an RFC 3339 date-time'],
    ['an unknown format', { ...data(), format: 'xml' }, 'data.format must be one of openrtb, helios, cloudevent'],
  ];
  it.each(invalid)('rejects %s with a 400 naming the field', (_name, value, message) => {
    const attempt = () => readBidRequestEvent(event(value));
    expect(attempt).toThrow(InvalidFieldError);
    expect(attempt).toThrow(message);
  });
});
