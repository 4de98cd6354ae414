/**
 * A dead letter: the original CloudEvent, unchanged, plus the extensions Knative's dispatcher adds when
 * it gives up (eventing data-plane spec, "Dead Letter Sink"; eventing-kafka-broker RecordDispatcherImpl):
 * `knativeerrordest` the subscriber URL it failed at, `knativeerrorcode` the subscriber's last status when
 * it answered, `knativeerrordata` the answer's body (or the failure) truncated to 1 KiB, base64-encoded.
 */
export const DEAD_LETTER_EXTENSIONS = Object.freeze({
  destination: 'knativeerrordest',
  code: 'knativeerrorcode',
  data: 'knativeerrordata',
} as const);

/** What the knativeerror* extensions of a dead letter say. */
export interface DeadLetterError {
  /** The subscriber URL the event failed at. */
  readonly destination: string;
  /** The subscriber's last HTTP status; null when it never answered (refused, reset, timed out). */
  readonly code: number | null;
  /** The decoded `knativeerrordata`: the subscriber's answer or the dispatcher's reason; '' when absent. */
  readonly reason: string;
}

/**
 * The error a dead letter carries, read from its attributes (CloudEvent extensions, by name); null when
 * the event is not a dead letter (no `knativeerrordest`). A `knativeerrorcode` that is not a status reads
 * as null; `knativeerrordata` that is not base64 is kept as written.
 */
export function readDeadLetterError(attributes: Readonly<Record<string, unknown>>): DeadLetterError | null {
  const destination = attributes[DEAD_LETTER_EXTENSIONS.destination];
  if (typeof destination !== 'string' || destination === '') return null;
  const code = Number(attributes[DEAD_LETTER_EXTENSIONS.code]);
  const data = attributes[DEAD_LETTER_EXTENSIONS.data];
  return Object.freeze({
    destination,
    code: Number.isInteger(code) && code >= 100 && code <= 599 ? code : null,
    reason: typeof data === 'string' ? decodeBase64(data) : '',
  });
}

/** The attributes of the original event: `attributes` without the knativeerror* extensions. */
export function withoutDeadLetterExtensions<T>(attributes: Readonly<Record<string, T>>): Record<string, T> {
  const names = new Set<string>(Object.values(DEAD_LETTER_EXTENSIONS));
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => !names.has(name)));
}

function decodeBase64(text: string): string {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0
    ? Buffer.from(text, 'base64').toString('utf8')
    : text;
}
