import { count, max } from 'drizzle-orm';
import { schema, type Database } from '@helios/core/db';

/** What the overview shows of the dead letters analytics recorded. */
export interface DeadLetterSummary {
  /** Events that failed every retry, one per source + id + destination. */
  readonly count: number;
  /** When the newest was recorded; null when there is none. */
  readonly latest: Date | null;
}

/** Counts the dead letters recorded in `dead_letters` (by analytics, from the dead_letters topic). */
export async function deadLetterSummary(database: Database): Promise<DeadLetterSummary> {
  const [row] = await database
    .select({ count: count(), latest: max(schema.deadLetters.recordedAt) })
    .from(schema.deadLetters);
  // max() of a timestamp comes back as the driver's text, not through the column's Date mapping.
  return { count: row?.count ?? 0, latest: row?.latest ? new Date(row.latest) : null };
}
