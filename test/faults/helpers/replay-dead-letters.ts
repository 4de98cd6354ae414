import type { IsolatedRoot } from '../../reliability/helpers/isolated-root.ts';

/**
 * Replays the run's dead letters with the repository's dead-letters command. Resolves false when the
 * repository has no such command (nothing was replayed).
 */
export async function replayDeadLetters(_options: {
  root: IsolatedRoot;
  brokers: readonly string[];
}): Promise<boolean> {
  return false;
}
