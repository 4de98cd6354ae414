import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { InvalidFieldError } from '../src/errors.ts';
import { eventData } from '../src/event-data.ts';

const event = (attributes: Record<string, unknown>) =>
  new CloudEvent({ id: 'e1', source: '/helios/test', type: 'dev.helios.bid.response', ...attributes }, false);

describe('eventData', () => {
  it('returns the JSON object data of an event of the expected type', () => {
    expect(eventData(event({ data: { request: { id: 'r1' } } }), 'dev.helios.bid.response')).toEqual({
      request: { id: 'r1' },
    });
  });

  it.each([
    [
      'a plain body, as the runtime passes for a request that is no CloudEvent',
      { request: {} },
      'request must be a CloudEvent (binary or structured content mode)',
    ],
    [
      'an event of another type',
      event({ type: 'dev.helios.bid.request', data: {} }),
      'type must be dev.helios.bid.response',
    ],
    ['an event without data', event({}), 'data must be a JSON object'],
    ['an event with text data', event({ data: 'text' }), 'data must be a JSON object'],
    ['an event with array data', event({ data: [1] }), 'data must be a JSON object'],
    ['an event with binary data', event({ data: Buffer.from('{}') }), 'data must be a JSON object'],
  ])('rejects %s with a 400 naming the field', (_name, input, message) => {
    expect(() => eventData(input, 'dev.helios.bid.response')).toThrow(InvalidFieldError);
    expect(() => eventData(input, 'dev.helios.bid.response')).toThrow(message);
  });
});
