import { CloudEvent, HTTP } from 'cloudevents';
import { DependencyUnavailableError, HeliosError } from './errors.ts';

/** Sends a function's own events onward. */
export interface Emitter {
  emit(event: CloudEvent<unknown>): Promise<void>;
}

export interface SinkEmitterOptions {
  /** K_SINK: the address a SinkBinding injected (a KafkaSink's ingress, or a Broker's). */
  sink: string;
  /** K_CE_OVERRIDES, parsed: `{ "extensions": { ... } }` set on every event sent. */
  overrides?: Record<string, unknown>;
  timeoutMs?: number;
}

/**
 * POSTs each event to K_SINK in binary content mode, as a Knative function fed by a KafkaSource must,
 * because the source discards whatever the function replies. Resolves once the sink answered 2xx (a
 * KafkaSink answers 202 when the record is in Kafka).
 * Throws DependencyUnavailableError (503, retryable) when the sink is unreachable or answers 5xx/429, so
 * the caller's event is redelivered rather than lost; a 4xx from the sink is a bug of ours: HeliosError 500.
 */
export function createSinkEmitter(options: SinkEmitterOptions): Emitter {
  const extensions = (options.overrides?.['extensions'] ?? {}) as Record<string, string>;
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    async emit(event) {
      const message = HTTP.binary(Object.keys(extensions).length > 0 ? event.cloneWith(extensions) : event);
      let response: Response;
      try {
        response = await fetch(options.sink, {
          method: 'POST',
          headers: message.headers as Record<string, string>,
          body: message.body as string,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new DependencyUnavailableError('event sink', error);
      }
      const detail = await response.text();
      if (response.ok) return;
      if (response.status >= 500 || response.status === 429 || response.status === 404) {
        throw new DependencyUnavailableError('event sink', new Error(`answered ${response.status} ${detail}`));
      }
      throw new HeliosError({
        message: `event sink rejected event ${event.id}: ${response.status} ${detail}`,
        code: 'internal',
        status: 500,
        retryable: false,
      });
    },
  };
}
