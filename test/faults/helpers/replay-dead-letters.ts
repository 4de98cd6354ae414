import { execFile as execFileCallback } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '../../reliability/helpers/isolated-root.ts';

const execFile = promisify(execFileCallback);

/** The fields of a `dead-letters list --json` entry this suite reads. */
interface ListedDeadLetter {
  readonly id: string;
  readonly event: Readonly<Record<string, string>>;
}

/** What a replay did: how many dead letters were replayed, and how many replays failed. */
export interface ReplayOutcome {
  readonly replayed: number;
  readonly failed: number;
}

/**
 * Replays, with the repository's own `npm run dead-letters` command against the running cluster (its
 * ingress at `clusterUrl`), the dead letters whose event id mentions one of `requestIds`. Resolves null
 * when the repository has no dead-letters command.
 */
export async function replayDeadLetters(options: {
  clusterUrl: string;
  requestIds: readonly string[];
}): Promise<ReplayOutcome | null> {
  const manifest = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.['dead-letters']) return null;
  const url = new URL(options.clusterUrl);
  const { KAFKA_BROKERS: _kafka, ...inherited } = process.env;
  const run = async (...args: string[]) =>
    (
      await execFile('npm', ['run', '--silent', 'dead-letters', '--', ...args, '--json'], {
        cwd: REPOSITORY_ROOT,
        env: { ...inherited, HELIOS_HOST: url.hostname, HELIOS_PORT: url.port },
        maxBuffer: 64 * 1024 * 1024,
      })
    ).stdout;

  const wanted = new Set(options.requestIds);
  const listed = JSON.parse(await run('list')) as ListedDeadLetter[];
  const ids = listed
    .filter((entry) => (entry.event['id'] ?? '').split(':').some((part) => wanted.has(part)))
    .map((entry) => entry.id);
  if (ids.length === 0) return { replayed: 0, failed: 0 };
  const results = JSON.parse(
    await run('replay', ...ids).catch((error: { stdout?: string }) => error.stdout ?? '[]'),
  ) as {
    result: string;
  }[];
  return {
    replayed: results.filter((result) => result.result === 'replayed').length,
    failed: results.filter((result) => result.result !== 'replayed').length,
  };
}
