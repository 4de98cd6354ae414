import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits on the real clock until `condition` holds, while a test's fake timers stay where it put them
 * (vi.waitFor and vi.waitUntil advance fake timers on every check, which would let a timeout fire that
 * the test means to hold back). Throws after `attempts` checks, so a broken behaviour fails instead of hanging.
 */
export async function untilReal(condition: () => boolean, attempts = 1_000): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (condition()) return;
    await sleep(5);
  }
  throw new Error(`the condition did not hold after ${attempts} checks`);
}

/**
 * Lets pending socket events and their callbacks run (a few turns of the real event loop), so that
 * whatever a fake timer just set off has happened before the test looks.
 */
export async function settleRealIo(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await nextTurn();
  await sleep(10);
}
