import { sql } from 'drizzle-orm';
import { DependencyUnavailableError, InvalidFieldError } from '@helios/core';
import { createDatabase, schema, type NewAuctionOutcomeRow, type NewDeadLetterRow } from '@helios/core/db';
import { coalesceInserts } from './coalesce-inserts.ts';

/** `inserted`: the row is new; `duplicate`: its CloudEvent (source + id) was stored before. */
export type StoreResult = 'inserted' | 'duplicate';

/** Where outcomes are kept. */
export interface OutcomeStore {
  /**
   * Stores a row once per CloudEvent: a second insert of the same event_source + event_id, even
   * concurrent, changes nothing and resolves `duplicate`.
   * Throws DependencyUnavailableError (503) when the database fails, and InvalidFieldError (400) when a
   * different event carries an outcome id already stored.
   */
  insert(row: NewAuctionOutcomeRow): Promise<StoreResult>;
  /**
   * Records a dead letter once per event source + id + destination: a redelivered dead letter resolves
   * `duplicate`. Throws DependencyUnavailableError (503) when the database fails.
   */
  insertDeadLetter(row: NewDeadLetterRow): Promise<StoreResult>;
  /** Resolves when the database answers `select 1`; throws DependencyUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OutcomeStoreOptions {
  /** DATABASE_URL: a Postgres, or the local cluster's PGlite over the wire protocol */
  url: string;
  maxConnections: number;
  /** the longest wait for a connection, and for a query's answer */
  timeoutMs: number;
}

/** SQLSTATE 23505 unique_violation (PostgreSQL Appendix A). */
const UNIQUE_VIOLATION = '23505';

/**
 * An OutcomeStore over a drizzle pg pool; the pool connects on first use and is ended by close().
 * Concurrent inserts are coalesced into multi-row statements (coalesce-inserts.ts), one per free connection.
 */
export function createOutcomeStore(options: OutcomeStoreOptions): OutcomeStore {
  const database = createDatabase({
    url: options.url,
    maxConnections: options.maxConnections,
    connectionTimeoutMillis: options.timeoutMs,
    queryTimeoutMillis: options.timeoutMs,
  });
  const table = schema.auctionOutcomes;
  const conflictTarget = { target: [table.eventSource, table.eventId] };
  const insert = coalesceInserts<NewAuctionOutcomeRow, StoreResult>(
    {
      async insertOne(row) {
        try {
          const inserted = await database
            .insert(table)
            .values(row)
            .onConflictDoNothing(conflictTarget)
            .returning({ id: table.id });
          return inserted.length > 0 ? 'inserted' : 'duplicate';
        } catch (error) {
          const cause = driverError(error);
          if (cause?.code === UNIQUE_VIOLATION && cause.constraint === 'auction_outcomes_pkey') {
            throw new InvalidFieldError('data.id', `must be unique: outcome ${row.id} was stored from another event`);
          }
          throw new DependencyUnavailableError('database', cause ?? error);
        }
      },
      // One multi-row INSERT … ON CONFLICT DO NOTHING: RETURNING names the rows it stored; the others were
      // stored before, or twice in this batch (the first copy wins). A failure here (say one row's outcome
      // id taken by another event) makes the coalescer retry each row alone, which names the culprit.
      async insertMany(rows) {
        const inserted = await database
          .insert(table)
          .values([...rows])
          .onConflictDoNothing(conflictTarget)
          .returning({ eventSource: table.eventSource, eventId: table.eventId });
        const fresh = new Set(inserted.map((row) => eventKey(row.eventSource, row.eventId)));
        return rows.map((row) => (fresh.delete(eventKey(row.eventSource, row.eventId)) ? 'inserted' : 'duplicate'));
      },
    },
    { maxInFlight: options.maxConnections, maxBatch: 200 },
  );
  return {
    insert,
    async insertDeadLetter(row) {
      const deadLetters = schema.deadLetters;
      try {
        const inserted = await database
          .insert(deadLetters)
          .values(row)
          .onConflictDoNothing({ target: [deadLetters.eventSource, deadLetters.eventId, deadLetters.destination] })
          .returning({ id: deadLetters.eventId });
        return inserted.length > 0 ? 'inserted' : 'duplicate';
      } catch (error) {
        throw new DependencyUnavailableError('database', driverError(error) ?? error);
      }
    },
    async ping() {
      try {
        await database.execute(sql`select 1`);
      } catch (error) {
        throw new DependencyUnavailableError('database', driverError(error) ?? error);
      }
    },
    async close() {
      await database.$client.end();
    },
  };
}

function eventKey(source: string, id: string): string {
  return JSON.stringify([source, id]);
}

/** drizzle wraps the driver's error in a DrizzleQueryError whose message repeats the query and its values. */
function driverError(error: unknown): (Error & { code?: string; constraint?: string }) | undefined {
  if (!(error instanceof Error)) return undefined;
  return error.cause instanceof Error ? error.cause : error;
}
