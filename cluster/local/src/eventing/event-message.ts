/**
 * A CloudEvent as the cluster moves it: attribute values as their canonical strings (`datacontenttype`
 * included) and the data as the exact bytes received. Keeping the bytes, rather than an SDK CloudEvent
 * whose JSON data is parsed and re-serialised and which invents a `time`, makes the cluster a transparent
 * pipe, as Knative's ingress and dispatcher are.
 */
export interface EventMessage {
  readonly attributes: Readonly<Record<string, string>>;
  readonly data: Buffer;
}

/** The attributes every CloudEvent has (CloudEvents spec §3.1 required attributes). */
export const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type'] as const;

/** Builds a frozen EventMessage. */
export function eventMessage(attributes: Record<string, string>, data: Buffer): EventMessage {
  return Object.freeze({ attributes: Object.freeze({ ...attributes }), data });
}
