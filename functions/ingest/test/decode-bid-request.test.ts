import { readdirSync } from 'node:fs';
import { CloudEvent, HTTP } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { errorResponse, type BidRequest } from '@helios/core';
import { decodeBidRequest, detectWireFormat } from '../src/decode-bid-request.ts';
import { fixturePath } from '../../../test/helpers/fixture-path.ts';
import { INVALID_REQUESTS, reference } from './fixtures/invalid-requests.ts';

const defaults = { floorCpm: 0.1, tmaxMs: 120 };
const decode = (headers: Record<string, string | undefined>, body: string | Uint8Array) =>
  decodeBidRequest({ headers, body: typeof body === 'string' ? Buffer.from(body) : body }, defaults);

const OPENRTB_FIXTURES = readdirSync(fixturePath('openrtb')).filter((name) => name.startsWith('bidrequest-'));

describe('decodeBidRequest', () => {
  it('finds the OpenRTB worked examples to check', () => {
    expect(OPENRTB_FIXTURES.length).toBeGreaterThanOrEqual(8);
  });

  it.each(OPENRTB_FIXTURES)('accepts the OpenRTB 2.6 worked example %s unchanged', (name) => {
    const request = reference<BidRequest>(`openrtb/${name}`);
    const decoded = decode({ 'content-type': 'application/json' }, JSON.stringify(request));
    expect(decoded.format).toBe('openrtb');
    expect(decoded.request).toEqual(request);
  });

  it.each(INVALID_REQUESTS)(
    'answers $status to $name, naming the field and rule',
    ({ headers, body, status, message }) => {
      let thrown: unknown;
      try {
        decode(headers, body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, 'the request must be refused').toBeDefined();
      const response = errorResponse(thrown);
      const error = (response.body as { error: { message: string } }).error;
      expect(response.statusCode).toBe(status);
      expect(error.message.slice(0, message.length)).toBe(message);
    },
  );

  it('lists every problem of a request in error.details, the first in error.message', () => {
    const body = JSON.stringify({ id: '', imp: [{ id: '1', banner: { w: 0, h: 250 }, bidfloor: -1 }] });
    const response = errorResponse(catchError(() => decode({ 'content-type': 'application/json' }, body)));
    const { error } = response.body as { error: { message: string; details: { message: string }[] } };
    expect(error.message).toBe('request.id must be a non-empty string');
    expect(error.details.map((detail) => detail.message)).toEqual([
      'request.id must be a non-empty string',
      'request.imp[0].banner.w must be a positive number',
      'request.imp[0].bidfloor must be a non-negative number',
    ]);
  });

  it('reads a Helios JSON request (it has request_id and no imp) as Helios and normalises it to OpenRTB', () => {
    const decoded = decode(
      { 'content-type': 'application/json; charset=UTF-8' },
      JSON.stringify(reference('helios-seed/submit-fallback-bid.json')),
    );
    expect(decoded.format).toBe('helios');
    expect(decoded.request.id).toBe('demo-request-fallback');
    expect(decoded.request.imp[0]).toMatchObject({ id: 'slot-7', bidfloor: 0.3, banner: { w: 728, h: 90 } });
  });

  it('reads the data of a binary-mode CloudEvent made by the SDK, and its traceparent extension', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const event = new CloudEvent({
      source: '/exchange',
      type: 'com.exchange.bid',
      data: reference('openrtb/bidrequest-ex4-video.json'),
      traceparent,
    });
    const message = HTTP.binary(event);
    const decoded = decode(message.headers as Record<string, string>, message.body as string);
    expect(decoded.format).toBe('cloudevent');
    expect(decoded.request).toEqual(reference('openrtb/bidrequest-ex4-video.json'));
    expect(decoded.traceparent).toBe(traceparent);
  });

  it('reads the data of a structured-mode CloudEvent, Helios JSON included', () => {
    const event = new CloudEvent({
      source: '/exchange',
      type: 'com.exchange.bid',
      data: reference('helios-seed/submit-bid-missing-user.json'),
    });
    const message = HTTP.structured(event);
    const decoded = decode(message.headers as Record<string, string>, message.body as string);
    expect(decoded.format).toBe('cloudevent');
    expect(decoded.request.id).toBe('demo-request-missing-user');
    expect(decoded.request.user).toBeUndefined();
  });

  it('reads structured-mode data_base64 as JSON text', () => {
    const data = Buffer.from(JSON.stringify(reference('openrtb/bidrequest-ex1-simple-banner.json'))).toString('base64');
    const body = JSON.stringify({ specversion: '1.0', id: 'e1', source: '/exchange', type: 't', data_base64: data });
    const decoded = decode({ 'content-type': 'application/cloudevents+json' }, body);
    expect(decoded.request.id).toBe('80ce30c53c16e6ede735f123ef6e32361bfc7b22');
  });

  it('percent-decodes ce-* headers before the SDK validates them', () => {
    const headers = {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': 'e%201',
      'ce-source': '%2Fexchange',
      'ce-type': 'com.exchange.bid',
      'ce-traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    };
    expect(decode(headers, JSON.stringify(reference('openrtb/bidrequest-ex1-simple-banner.json'))).format).toBe(
      'cloudevent',
    );
  });

  it('rejects invalid UTF-8 in the body as invalid JSON', () => {
    const body = Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(() => decode({ 'content-type': 'application/json' }, body)).toThrow(
      'body must be valid JSON: the body is not valid UTF-8',
    );
  });
});

describe('detectWireFormat', () => {
  it.each([
    [{ 'content-type': 'application/json' }, 'json'],
    [{ 'content-type': 'Application/JSON; charset=utf-8' }, 'json'],
    [{ 'content-type': 'application/json', 'ce-specversion': '1.0' }, 'cloudevent-binary'],
    [{ 'content-type': 'application/json', 'ce-id': 'x' }, 'cloudevent-binary'],
    [{ 'content-type': 'application/cloudevents+json; charset=utf-8' }, 'cloudevent-structured'],
    // HTTP binding §3: the structured Content-Type decides the mode even beside ce-* headers.
    [{ 'content-type': 'application/cloudevents+json', 'ce-specversion': '1.0' }, 'cloudevent-structured'],
  ] as const)('reads %j as %s', (headers, expected) => {
    expect(detectWireFormat(headers)).toBe(expected);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
