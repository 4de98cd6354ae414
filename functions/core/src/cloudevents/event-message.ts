/**
 * A CloudEvent as Helios moves it over HTTP and Kafka: attribute values as their canonical strings
 * (`datacontenttype` included) and the data as the exact bytes received. Keeping the bytes, rather than an
 * SDK CloudEvent whose JSON data is parsed and re-serialised and which invents a `time`, makes a hop a
 * transparent pipe, as Knative's ingress and dispatcher are.
 */
export interface EventMessage {
  readonly attributes: Readonly<Record<string, string>>;
  readonly data: Buffer;
}

/** The attributes every CloudEvent has (CloudEvents spec §3.1 required attributes; the same in 0.3). */
export const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type'] as const;

/** The spec versions read: 1.0, and 0.3 because the cloudevents SDK still sends and reads it. */
export const SPEC_VERSIONS = ['1.0', '0.3'] as const;

/** Builds a frozen EventMessage. */
export function eventMessage(attributes: Record<string, string>, data: Buffer): EventMessage {
  return Object.freeze({ attributes: Object.freeze({ ...attributes }), data });
}
