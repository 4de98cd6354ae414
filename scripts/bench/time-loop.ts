/**
 * Runs `operation` `iterations` times and returns the mean time of one call in nanoseconds. Each call's
 * result is folded into a checksum the caller can't skip, so the JIT cannot drop the work.
 */
export function timeLoop(operation: () => unknown, iterations: number): { nsPerOp: number; checksum: number } {
  let checksum = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) {
    const result = operation();
    checksum += result === undefined || result === null ? 0 : 1;
  }
  const elapsed = Number(process.hrtime.bigint() - started);
  return { nsPerOp: elapsed / iterations, checksum };
}

/**
 * Warms `operation` up for about `warmUpMs` (so the JIT has optimised it) and returns how many
 * iterations take about `targetMs`: the size of one measured round. At least 1.
 */
export function calibrate(operation: () => unknown, options: { warmUpMs: number; targetMs: number }): number {
  let iterations = 1;
  let spentMs = 0;
  let nsPerOp = 0;
  while (spentMs < options.warmUpMs) {
    ({ nsPerOp } = timeLoop(operation, iterations));
    spentMs += (nsPerOp * iterations) / 1e6;
    iterations = Math.min(iterations * 2, 1_000_000);
  }
  return Math.max(1, Math.round((options.targetMs * 1e6) / Math.max(nsPerOp, 1)));
}
