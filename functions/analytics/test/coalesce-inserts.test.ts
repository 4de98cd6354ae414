import { describe, expect, it } from 'vitest';
import { coalesceInserts, type BatchInserter } from '../src/coalesce-inserts.ts';

/** An inserter whose statements finish only when the test says, recording what each statement carried. */
function heldInserter(options: { failManyWhen?: (rows: readonly string[]) => boolean } = {}) {
  const statements: string[][] = [];
  const release: (() => void)[] = [];
  const hold = () => new Promise<void>((resolve) => release.push(resolve));
  const inserter: BatchInserter<string, string> = {
    async insertMany(rows) {
      statements.push([...rows]);
      await hold();
      if (options.failManyWhen?.(rows)) throw new Error('batch refused');
      return rows.map((row) => `stored ${row}`);
    },
    async insertOne(row) {
      statements.push([row]);
      await hold();
      if (row === 'bad') throw new Error('bad row');
      return `stored ${row}`;
    },
  };
  const releaseAll = async () => {
    // Statements started by a release are released in turn, until none is waiting.
    for (let rounds = 0; rounds < 10; rounds++) {
      await new Promise((resolve) => setImmediate(resolve));
      const waiting = release.splice(0);
      if (waiting.length === 0) return;
      for (const resolve of waiting) resolve();
    }
  };
  return { inserter, statements, releaseAll };
}

describe('coalesceInserts', () => {
  it('sends a row alone at once while a slot is free', async () => {
    const { inserter, statements, releaseAll } = heldInserter();
    const insert = coalesceInserts(inserter, { maxInFlight: 2, maxBatch: 10 });
    const first = insert('a');
    expect(statements).toEqual([['a']]);
    await releaseAll();
    await expect(first).resolves.toBe('stored a');
  });

  it('gathers the rows that arrive while every slot is busy into one statement, each answered once it is stored', async () => {
    const { inserter, statements, releaseAll } = heldInserter();
    const insert = coalesceInserts(inserter, { maxInFlight: 1, maxBatch: 10 });
    const results = ['a', 'b', 'c', 'd'].map((row) => insert(row));
    expect(statements).toEqual([['a']]);
    let settled = 0;
    for (const result of results) void result.then(() => settled++);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(0);
    await releaseAll();
    expect(statements).toEqual([['a'], ['b', 'c', 'd']]);
    await expect(Promise.all(results)).resolves.toEqual(['stored a', 'stored b', 'stored c', 'stored d']);
  });

  it('never puts more than maxBatch rows in one statement', async () => {
    const { inserter, statements, releaseAll } = heldInserter();
    const insert = coalesceInserts(inserter, { maxInFlight: 1, maxBatch: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((row) => insert(row));
    await releaseAll();
    await Promise.all(results);
    expect(statements).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('retries a failed batch row by row, so only the bad row fails and only its caller hears it', async () => {
    const { inserter, statements, releaseAll } = heldInserter({ failManyWhen: (rows) => rows.includes('bad') });
    const insert = coalesceInserts(inserter, { maxInFlight: 1, maxBatch: 10 });
    const first = insert('a');
    const batch = ['b', 'bad', 'c'].map((row) =>
      insert(row).then(
        (result) => result,
        (error: Error) => `failed: ${error.message}`,
      ),
    );
    await releaseAll();
    await first;
    expect(await Promise.all(batch)).toEqual(['stored b', 'failed: bad row', 'stored c']);
    expect(statements).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });

  it('refuses limits that are not positive integers', () => {
    const { inserter } = heldInserter();
    expect(() => coalesceInserts(inserter, { maxInFlight: 0, maxBatch: 1 })).toThrow(RangeError);
    expect(() => coalesceInserts(inserter, { maxInFlight: 1, maxBatch: 1.5 })).toThrow(RangeError);
  });
});
