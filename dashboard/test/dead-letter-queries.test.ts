import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@helios/core/db';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../test/helpers/services.ts';
import { deadLetterSummary } from '../src/dead-letter-queries.ts';
import { buildFixture, deadLetterRow, insertFixture } from './fixtures.ts';

const available = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const fixture = buildFixture({ now: new Date('2026-11-21T13:30:00Z') });

describe.skipIf(!available)('dead-letter queries against Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('deadLetterSummary is zero with no latest on an empty table', async () => {
    expect(await deadLetterSummary(db.database)).toEqual({ count: 0, latest: null });
  });

  it('deadLetterSummary counts every recorded dead letter and knows the newest', async () => {
    await insertFixture(db.database, fixture);
    // Later than the fixture's rows, recorded now.
    const latest = new Date(Date.now() + 3_600_000);
    await db.database.insert(schema.deadLetters).values({ ...deadLetterRow('outcome:r-late:1'), recordedAt: latest });
    expect(await deadLetterSummary(db.database)).toEqual({ count: fixture.deadLetters.length + 1, latest });
  });
});
