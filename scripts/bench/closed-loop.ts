/** What a closed-loop run measured. */
export interface LoopRun {
  /** from the first call's start to the last call's end */
  readonly durationMs: number;
  /** one per successful call, in ms, in completion order */
  readonly latenciesMs: number[];
  readonly errors: number;
  /** the first error seen, to report what went wrong */
  readonly firstError?: unknown;
  /** successful calls per second */
  readonly rate: number;
}

/**
 * Makes `total` calls, `concurrency` at a time: each worker starts its next call when its last one
 * ends (a closed loop, so a slow server is measured as slow rather than buried under a queue). A call
 * that rejects counts as an error and is not timed.
 */
export async function runClosedLoop(options: {
  total: number;
  concurrency: number;
  call: (index: number) => Promise<unknown>;
}): Promise<LoopRun> {
  const { total, call } = options;
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown;
  const worker = async () => {
    for (let index = next++; index < total; index = next++) {
      const started = performance.now();
      try {
        await call(index);
        latenciesMs.push(performance.now() - started);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, total) }, worker));
  const durationMs = performance.now() - started;
  return {
    durationMs,
    latenciesMs,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    rate: (latenciesMs.length / durationMs) * 1_000,
  };
}
