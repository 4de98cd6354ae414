import { createEmbeddedLog } from './embedded-log.ts';
import type { EventLog } from './event-log.ts';

export interface SelectEventLogOptions {
  /** KAFKA_BROKERS; empty selects the embedded log. */
  readonly kafkaBrokers: readonly string[];
  readonly clientId?: string;
  /** Told about Kafka failures the log recovers from by itself (reconnects, replaced clients). */
  readonly onRecoverableError?: (message: string, error: unknown) => void;
}

/**
 * The event log the cluster runs on: real Apache Kafka when brokers are given, else the embedded log,
 * so `npm start` needs nothing but Node. The Kafka client is imported only when it is used.
 */
export async function selectEventLog(options: SelectEventLogOptions): Promise<EventLog> {
  if (options.kafkaBrokers.length === 0) return createEmbeddedLog();
  const { createKafkaLog } = await import('./kafka-log.ts');
  return createKafkaLog({
    brokers: [...options.kafkaBrokers],
    clientId: options.clientId ?? 'helios-local-cluster',
    ...(options.onRecoverableError ? { onRecoverableError: options.onRecoverableError } : {}),
  });
}
