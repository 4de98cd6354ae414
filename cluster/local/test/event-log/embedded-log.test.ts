import { describe, expect, it, vi } from 'vitest';
import { createEmbeddedLog } from '../../src/event-log/embedded-log.ts';
import type { LogConsumer, LogRecord, StoredRecord } from '../../src/event-log/event-log.ts';
import { murmur2, partitionForKey } from '../../src/event-log/partition-for-key.ts';

function record(key: string | null, value: string): LogRecord {
  return { key, value: Buffer.from(value), headers: { ce_id: value } };
}

/** Pulls `count` records, failing after `timeoutMs` rather than hanging the suite. */
async function take(consumer: LogConsumer, count: number, timeoutMs = 2_000): Promise<StoredRecord[]> {
  const iterator = consumer[Symbol.asyncIterator]();
  const taken: StoredRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))),
    ]);
    if (next === 'timeout') throw new Error(`only ${taken.length} of ${count} records arrived`);
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

describe('partitionForKey', () => {
  it('matches Kafka murmur2 for the vectors of Kafka UtilsTest', () => {
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });

  it('stays within the partition count', () => {
    for (let i = 0; i < 200; i++) {
      const partition = partitionForKey(`key-${i}`, 6);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(6);
    }
  });
});

describe('createEmbeddedLog', () => {
  it('puts a key in the same partition every time, the partition Kafka would choose', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 6 }]);
    const partitions = new Set<number>();
    for (let i = 0; i < 20; i++) partitions.add((await log.produce('t', record('campaign-42', `v${i}`))).partition);
    expect([...partitions]).toEqual([partitionForKey('campaign-42', 6)]);
    const spread = new Set<number>();
    for (let i = 0; i < 60; i++) spread.add((await log.produce('t', record(`key-${i}`, 'x'))).partition);
    expect(spread.size).toBeGreaterThan(1);
    await log.close();
  });

  it('spreads null keys round-robin over the partitions', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 3 }]);
    const partitions: number[] = [];
    for (let i = 0; i < 6; i++) partitions.push((await log.produce('t', record(null, `v${i}`))).partition);
    expect(partitions).toEqual([0, 1, 2, 0, 1, 2]);
    await log.close();
  });

  it('numbers offsets per partition from 0 and reads each partition in offset order', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 2 }]);
    const produced = [];
    for (let i = 0; i < 10; i++) produced.push(await log.produce('t', record(`k${i % 4}`, `v${i}`)));
    for (const partition of [0, 1]) {
      const offsets = produced.filter((p) => p.partition === partition).map((p) => p.offset);
      expect(offsets).toEqual(offsets.map((_, index) => BigInt(index)));
    }
    const consumer = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    const records = await take(consumer, 10);
    for (const partition of [0, 1]) {
      const read = records.filter((r) => r.partition === partition);
      expect(read.map((r) => r.offset)).toEqual(read.map((_, index) => BigInt(index)));
    }
    expect(records.map((r) => r.value.toString()).sort()).toEqual(produced.map((_, i) => `v${i}`).sort());
    expect(records[0]?.topic).toBe('t');
    expect(records[0]?.headers).toEqual({ ce_id: records[0]?.value.toString() });
    await log.close();
  });

  it('resumes a group just past its last commit', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 1 }]);
    for (let i = 0; i < 5; i++) await log.produce('t', record('k', `v${i}`));
    const first = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    const read = await take(first, 4);
    await first.commit(read[2] as StoredRecord);
    await first.close();
    const second = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    const resumed = await take(second, 2);
    expect(resumed.map((r) => r.offset)).toEqual([3n, 4n]);
    await log.close();
  });

  it('starts a new group at earliest or latest, and a known group at its commit whatever initialOffset says', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 1 }]);
    for (let i = 0; i < 3; i++) await log.produce('t', record('k', `old${i}`));
    const earliest = await log.consume({ group: 'early', topics: ['t'], initialOffset: 'earliest' });
    const latest = await log.consume({ group: 'late', topics: ['t'], initialOffset: 'latest' });
    expect((await take(earliest, 1))[0]?.value.toString()).toBe('old0');
    // Pulled before `new` exists: had the latest group started anywhere earlier, this would be an old record.
    const pull = latest[Symbol.asyncIterator]().next();
    await log.produce('t', record('k', 'new'));
    expect((await pull).value?.value.toString()).toBe('new');
    const [lastOld] = await take(earliest, 2).then((records) => records.slice(1));
    await earliest.commit(lastOld as StoredRecord);
    await earliest.close();
    const again = await log.consume({ group: 'early', topics: ['t'], initialOffset: 'latest' });
    expect((await take(again, 1))[0]?.value.toString()).toBe('new');
    await log.close();
  });

  it('waits for records without spinning and wakes a reader when one is produced', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 2 }]);
    const consumer = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    // Every timer and immediate is fake here: a reader that polled for records would leave one scheduled.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'] });
    try {
      let read: IteratorResult<StoredRecord> | undefined;
      void consumer[Symbol.asyncIterator]()
        .next()
        .then((result) => (read = result));
      for (let turn = 0; turn < 50; turn++) await Promise.resolve();
      expect(vi.getTimerCount()).toBe(0);
      expect(read).toBeUndefined();

      await log.produce('t', record('k', 'late'));
      for (let turn = 0; turn < 50 && !read; turn++) await Promise.resolve();
      expect(read?.value?.value.toString()).toBe('late');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
      await log.close();
    }
  });

  it('ends pending readers when the log closes, and rejects produce after', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 1 }]);
    const consumer = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    const pending = consumer[Symbol.asyncIterator]().next();
    await log.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    await expect(log.produce('t', record('k', 'v'))).rejects.toThrow(/closed/);
  });

  it('ends a reader when its consumer closes, and frees the group for a new member', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([{ name: 't', partitions: 1 }]);
    const consumer = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    await expect(log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' })).rejects.toThrow(
      /already has a member/,
    );
    const pending = consumer[Symbol.asyncIterator]().next();
    await consumer.close();
    expect((await pending).done).toBe(true);
    const next = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    await next.close();
    await log.close();
  });

  it('reads several topics in one group', async () => {
    const log = createEmbeddedLog();
    await log.createTopics([
      { name: 'a', partitions: 1 },
      { name: 'b', partitions: 2 },
    ]);
    await log.produce('a', record('k', 'from-a'));
    await log.produce('b', record('k', 'from-b'));
    const consumer = await log.consume({ group: 'g', topics: ['a', 'b'], initialOffset: 'earliest' });
    expect((await take(consumer, 2)).map((r) => `${r.topic}:${r.value}`).sort()).toEqual(['a:from-a', 'b:from-b']);
    await log.close();
  });

  it('drops the oldest records past its retention, and a lagging reader resumes at the oldest kept', async () => {
    const log = createEmbeddedLog({ retainRecords: 4 });
    await log.createTopics([{ name: 't', partitions: 1 }]);
    for (let i = 0; i < 10; i++) await log.produce('t', record('k', `v${i}`));
    const consumer = await log.consume({ group: 'g', topics: ['t'], initialOffset: 'earliest' });
    const [first] = await take(consumer, 1);
    expect(first?.offset).toBeGreaterThanOrEqual(4n);
    expect(first?.value.toString()).toBe(`v${first?.offset}`);
    await log.close();
  });
});
