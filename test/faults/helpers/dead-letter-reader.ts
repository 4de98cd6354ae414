import type { EventLog, LogConsumer, StoredRecord } from '../../../cluster/local/src/event-log/event-log.ts';
import { createKafkaLog } from '../../../cluster/local/src/event-log/kafka-log.ts';

/** Every record written to a dead-letter topic, read as it arrives. */
export interface DeadLetterReader {
  readonly records: readonly StoredRecord[];
  close(): Promise<void>;
}

/** Reads `topic` from the start, in a consumer group of its own, until closed. */
export async function readDeadLetters(options: {
  brokers: readonly string[];
  topic: string;
  group: string;
}): Promise<DeadLetterReader> {
  const log: EventLog = createKafkaLog({ brokers: options.brokers, clientId: options.group });
  const consumer: LogConsumer = await log.consume({
    group: options.group,
    topics: [options.topic],
    initialOffset: 'earliest',
  });
  const records: StoredRecord[] = [];
  const reading = (async () => {
    for await (const record of consumer) records.push(record);
  })().catch(() => undefined);
  return {
    records,
    async close() {
      await consumer.close();
      await reading;
      await log.close();
    },
  };
}

/**
 * The bid request a dead-lettered event came from. Event ids are derived from it: `<request id>`,
 * `response:<request id>`, `outcome:<request id>:<imp id>`.
 */
export function deadLetterRequestId(record: StoredRecord): string | undefined {
  const id = record.headers['ce_id'];
  if (!id) return undefined;
  const parts = id.split(':');
  return parts[0] === 'response' || parts[0] === 'outcome' ? parts[1] : parts[0];
}
