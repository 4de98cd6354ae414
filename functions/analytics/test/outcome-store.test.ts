import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DependencyUnavailableError, InvalidFieldError } from '@helios/core';
import { schema } from '@helios/core/db';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { TEST_DATABASE_URL, serviceAvailable } from '../../../test/helpers/services.ts';
import { outcomeRow } from '../src/outcome-row.ts';
import { createOutcomeStore, type OutcomeStore } from '../src/outcome-store.ts';
import { outcomeCloudEvent, wonOutcome } from './fixtures.ts';
import { settleRealIo, untilReal } from '../../../test/helpers/until-real.ts';
import { startSilentServer } from './tcp-proxy.ts';

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);

describe.skipIf(!available)('createOutcomeStore, on a real Postgres', () => {
  let testDatabase: TestDatabase;
  let store: OutcomeStore;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    store = createOutcomeStore({ url: testDatabase.url, maxConnections: 5, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    await store?.close();
    await testDatabase?.drop();
  });

  const rowsOf = (id: string) =>
    testDatabase.database.select().from(schema.auctionOutcomes).where(eq(schema.auctionOutcomes.id, id));

  it('inserts a new outcome, then reports the same event again as a duplicate', async () => {
    const row = outcomeRow(outcomeCloudEvent(wonOutcome('store-1')));
    expect(await store.insert(row)).toBe('inserted');
    expect(await store.insert(row)).toBe('duplicate');
    expect(await rowsOf(row.id)).toHaveLength(1);
  });

  it('stores one row when the same event is inserted concurrently', async () => {
    const row = outcomeRow(outcomeCloudEvent(wonOutcome('store-2')));
    const results = await Promise.all(Array.from({ length: 8 }, () => store.insert(row)));
    expect(results.filter((result) => result === 'inserted')).toHaveLength(1);
    expect(results.filter((result) => result === 'duplicate')).toHaveLength(7);
    expect(await rowsOf(row.id)).toHaveLength(1);
  });

  it('rejects another event carrying an outcome id already stored, with a 400', async () => {
    const outcome = wonOutcome('store-3');
    await store.insert(outcomeRow(outcomeCloudEvent(outcome)));
    const other = outcomeRow(outcomeCloudEvent(outcome, { id: 'outcome:another-event' }));
    await expect(store.insert(other)).rejects.toThrow(InvalidFieldError);
    await expect(store.insert(other)).rejects.toMatchObject({ status: 400, field: 'data.id' });
  });

  it('stores many concurrent outcomes (coalesced into multi-row inserts) each once, answering each caller its own result', async () => {
    const rows = Array.from({ length: 60 }, (_, index) =>
      outcomeRow(outcomeCloudEvent(wonOutcome(`store-many-${index}`))),
    );
    // Every row twice, and one row whose outcome id another event already holds: the batch it lands in fails
    // and is retried row by row, so only that caller hears the 400.
    const taken = wonOutcome('store-many-taken');
    await store.insert(outcomeRow(outcomeCloudEvent(taken)));
    const thief = outcomeRow(outcomeCloudEvent(taken, { id: 'outcome:thief' }));
    const results = await Promise.allSettled([...rows, thief, ...rows].map((row) => store.insert(row)));
    const values = results.map((result) => (result.status === 'fulfilled' ? result.value : 'rejected'));
    expect(values.slice(0, 60).every((value) => value === 'inserted' || value === 'duplicate')).toBe(true);
    expect(values.filter((value) => value === 'inserted')).toHaveLength(60);
    expect(values.filter((value) => value === 'duplicate')).toHaveLength(60);
    expect(results[60]).toMatchObject({ status: 'rejected', reason: { status: 400, field: 'data.id' } });
    for (const row of rows.slice(0, 5)) expect(await rowsOf(row.id)).toHaveLength(1);
  });

  it('answers a ping while the database is up', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('createOutcomeStore, with the database unreachable', () => {
  it('fails with a 503 when nothing listens at DATABASE_URL', async () => {
    const silent = await startSilentServer();
    await silent.close(); // its port is now closed: connections are refused
    const store = createOutcomeStore({
      url: `postgres://postgres@127.0.0.1:${silent.port}/test`,
      maxConnections: 1,
      timeoutMs: 1_000,
    });
    try {
      const attempt = store.insert(outcomeRow(outcomeCloudEvent(wonOutcome('down'))));
      await expect(attempt).rejects.toThrow(DependencyUnavailableError);
      await expect(store.ping()).rejects.toMatchObject({ status: 503, retryable: true });
    } finally {
      await store.close();
    }
  });

  it('fails with a 503 at its timeout, not before, when the database never answers', async () => {
    const silent = await startSilentServer();
    const store = createOutcomeStore({
      url: `postgres://postgres@127.0.0.1:${silent.port}/test`,
      maxConnections: 1,
      timeoutMs: 300,
    });
    // The connection and query timeouts are the store's own timing logic: run them on a fake clock and
    // wait for the connection to be stuck on the silent server, instead of measuring how long failing took.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let outcome: unknown;
      void store.insert(outcomeRow(outcomeCloudEvent(wonOutcome('silent')))).then(
        () => (outcome = 'stored'),
        (error: unknown) => (outcome = error),
      );
      await silent.connected;
      await vi.advanceTimersByTimeAsync(299);
      await settleRealIo();
      expect(outcome).toBeUndefined();

      await vi.advanceTimersByTimeAsync(1);
      await untilReal(() => outcome !== undefined);
      expect(outcome).toMatchObject({ status: 503, retryable: true });
    } finally {
      // Timers still pending on the fake clock (a broken timeout) must run, or closing the pool waits on them.
      await silent.close();
      await vi.runOnlyPendingTimersAsync();
      vi.useRealTimers();
      await store.close();
    }
  });
});
