import { eventMessage, type EventMessage } from './event-message.ts';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * The EventMessage of a CloudEvent in the JSON event format (structured content mode): every member but
 * `data`/`data_base64` is an attribute, as its canonical string. `data_base64` gives the bytes it encodes;
 * `data` gives its JSON text when the datacontenttype is JSON (the default, JSON format §3.1), else the
 * string itself. The caller has checked that `event` is a JSON object.
 */
export function readStructuredEvent(event: Readonly<Record<string, unknown>>): EventMessage {
  const { data, data_base64: base64, ...rest } = event;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value !== null && value !== undefined) attributes[name] = typeof value === 'string' ? value : String(value);
  }
  if (typeof base64 === 'string') return eventMessage(attributes, Buffer.from(base64, 'base64'));
  if (data === undefined) return eventMessage(attributes, Buffer.alloc(0));
  attributes['datacontenttype'] ??= 'application/json';
  const bytes =
    typeof data === 'string' && !JSON_TYPE.test(attributes['datacontenttype']) ? data : JSON.stringify(data);
  return eventMessage(attributes, Buffer.from(bytes, 'utf8'));
}
