import type { LogConsumer, StoredRecord } from '../event-log/event-log.ts';

interface PartitionTrack {
  /** Records pulled and not yet below the watermark, in the order pulled (= offset order). */
  readonly pulled: StoredRecord[];
  head: number;
  readonly done: Set<bigint>;
  /** The last record below the watermark not yet committed. */
  target: StoredRecord | null;
  committing: Promise<void> | null;
}

/**
 * Commits, per partition, the watermark of contiguous completed records, as eventing-kafka-broker's
 * UnorderedOffsetManager does: with records completing out of order, an in-flight gap is never committed
 * past, so a restart redelivers it. Commits are coalesced: one in flight per partition, always the latest.
 */
export class OffsetTracker {
  readonly #consumer: LogConsumer;
  readonly #onError: (error: unknown) => void;
  readonly #partitions = new Map<string, PartitionTrack>();

  constructor(options: { consumer: LogConsumer; onError: (error: unknown) => void }) {
    this.#consumer = options.consumer;
    this.#onError = options.onError;
  }

  /** Call for every record as it is pulled, before it can complete. */
  track(record: StoredRecord): void {
    const key = `${record.topic}/${record.partition}`;
    let track = this.#partitions.get(key);
    if (!track) {
      track = { pulled: [], head: 0, done: new Set(), target: null, committing: null };
      this.#partitions.set(key, track);
    }
    track.pulled.push(record);
  }

  /** Marks `record` done (delivered, dead-lettered or filtered out) and commits if the watermark moved. */
  complete(record: StoredRecord): void {
    const track = this.#partitions.get(`${record.topic}/${record.partition}`);
    if (!track) throw new Error(`record ${record.topic}/${record.partition}@${record.offset} was never tracked`);
    track.done.add(record.offset);
    let moved = false;
    for (let next = track.pulled[track.head]; next && track.done.has(next.offset); next = track.pulled[track.head]) {
      track.done.delete(next.offset);
      track.target = next;
      track.head++;
      moved = true;
    }
    // Drop the prefix now and then, not on every record.
    if (track.head > 1024) {
      track.pulled.splice(0, track.head);
      track.head = 0;
    }
    if (moved && !track.committing) track.committing = this.#commit(track);
  }

  /** Resolves once every watermark reached so far is committed (or its commit failed and was reported). */
  async flush(): Promise<void> {
    for (const track of this.#partitions.values()) {
      if (!track.committing && track.target) track.committing = this.#commit(track);
    }
    await Promise.all([...this.#partitions.values()].map((track) => track.committing));
  }

  async #commit(track: PartitionTrack): Promise<void> {
    try {
      while (track.target) {
        const record = track.target;
        track.target = null;
        try {
          await this.#consumer.commit(record);
        } catch (error) {
          // Keep it as the target only if nothing newer arrived meanwhile; the next completion retries.
          track.target ??= record;
          this.#onError(error);
          return;
        }
      }
    } finally {
      track.committing = null;
    }
  }
}
