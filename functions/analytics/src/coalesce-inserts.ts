/**
 * How rows reach the database when several deliveries arrive at once: `insertMany` stores a batch in
 * one statement and answers each row's result in order; `insertOne` stores a row alone.
 */
export interface BatchInserter<Row, Result> {
  insertMany(rows: readonly Row[]): Promise<Result[]>;
  insertOne(row: Row): Promise<Result>;
}

/**
 * Coalesces concurrent inserts into multi-row statements, as a group commit does: a row that arrives
 * while `maxInFlight` statements are running waits for one to finish and then goes with every other row
 * that waited (up to `maxBatch`), so one statement, one round trip and one commit serve them all. A row
 * that arrives while a slot is free goes at once: an idle store adds no latency. Each caller is answered
 * only when its own row's statement finished. When a batch fails, its rows are retried one by one, so
 * one bad row (or a failure the database reports per row) is answered to its own caller only.
 */
export function coalesceInserts<Row, Result>(
  inserter: BatchInserter<Row, Result>,
  options: { maxInFlight: number; maxBatch: number },
): (row: Row) => Promise<Result> {
  if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1)
    throw new RangeError('maxInFlight must be a positive integer');
  if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1)
    throw new RangeError('maxBatch must be a positive integer');
  interface Waiting {
    row: Row;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let inFlight = 0;

  const run = async (batch: Waiting[]): Promise<void> => {
    try {
      if (batch.length === 1) {
        const [only] = batch as [Waiting];
        only.resolve(await inserter.insertOne(only.row));
        return;
      }
      let results: Result[];
      try {
        results = await inserter.insertMany(batch.map((waiting) => waiting.row));
      } catch {
        await Promise.all(
          batch.map((waiting) => inserter.insertOne(waiting.row).then(waiting.resolve, waiting.reject)),
        );
        return;
      }
      batch.forEach((waiting, index) => waiting.resolve(results[index] as Result));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  };

  const pump = (): void => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return (row) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ row, resolve, reject });
      pump();
    });
}
