import { randomUUID } from 'node:crypto';
import type { Admin } from '@platformatic/kafka';
import type { StoredRecord } from './event-log.ts';
import { createKafkaLogConsumer } from './kafka-log-consumer.ts';
import { withTimeout } from './with-timeout.ts';

const READ_TIMEOUT_MS = 60_000;
/** ListOffsets timestamps (Kafka protocol): the next offset to be written, and the oldest one kept. */
const LATEST = -1n;
const EARLIEST = -2n;

/**
 * Every record of `topic` up to its end offsets as they were when the read began, read by a throwaway
 * consumer group from the earliest offset (the group commits nothing and is deleted afterwards, so no
 * real group moves). Rejects after 60 s rather than hang on a broker that stopped answering.
 */
export async function readKafkaTopic(options: {
  admin: Admin;
  bootstrapBrokers: readonly string[];
  clientId: string;
  topic: string;
  onRecoverableError: (message: string, error: unknown) => void;
}): Promise<readonly StoredRecord[]> {
  const { admin, topic } = options;
  if (!(await admin.listTopics()).includes(topic)) return [];
  const metadata = await admin.metadata({ topics: [topic] });
  const partitions = [...(metadata.topics.get(topic)?.partitions.keys() ?? [])];
  const offsets = async (timestamp: bigint) => {
    const [listed] = await admin.listOffsets({
      topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) }],
    });
    return new Map((listed?.partitions ?? []).map((partition) => [partition.partitionIndex, partition.offset]));
  };
  const [starts, ends] = [await offsets(EARLIEST), await offsets(LATEST)];
  const unread = new Set(partitions.filter((partition) => (ends.get(partition) ?? 0n) > (starts.get(partition) ?? 0n)));
  if (unread.size === 0) return [];

  const group = `${options.clientId}-reader-${randomUUID()}`;
  const consumer = await createKafkaLogConsumer({
    group,
    topics: [topic],
    initialOffset: 'earliest',
    bootstrapBrokers: options.bootstrapBrokers,
    clientId: group,
    onRecoverableError: options.onRecoverableError,
    onClose: () => undefined,
  });
  const records: StoredRecord[] = [];
  try {
    await withTimeout(
      (async () => {
        for await (const record of consumer) {
          const end = ends.get(record.partition) ?? 0n;
          if (record.offset < end) records.push(record);
          if (record.offset >= end - 1n) unread.delete(record.partition);
          if (unread.size === 0) return;
        }
      })(),
      READ_TIMEOUT_MS,
      `reading topic ${topic}`,
    );
  } finally {
    await consumer.close();
    await admin.deleteGroups({ groups: [group] }).catch(() => undefined);
  }
  return records.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}
