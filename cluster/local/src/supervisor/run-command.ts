import { spawn } from 'node:child_process';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { LIFELINE_FD, STDIO_WITH_LIFELINE, withLifeline } from './with-lifeline.ts';

export interface RunCommandOptions {
  /** A shell command line, as an npm script is. */
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Sees each output line as it comes (progress for a long build). */
  readonly onLine?: (line: string) => void;
  /** Aborting stops the command and everything it started (its process group). */
  readonly signal?: AbortSignal;
}

/**
 * Runs a command to completion with `sh -c`. Resolves on exit code 0; rejects otherwise, the last
 * output lines in the message, or with the signal's reason when aborted.
 */
export function runCommand(options: RunCommandOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = spawn('sh', ['-c', options.command], {
      cwd: options.cwd,
      // A build started by a cluster that dies (even by SIGKILL) stops too: see lifeline.ts.
      env: withLifeline(options.env),
      detached: true,
      stdio: [...STDIO_WITH_LIFELINE],
    });
    (child.stdio[LIFELINE_FD] as Readable | null)?.resume();
    const stop = () => {
      try {
        // A build forks workers: signal the whole group, not just the shell.
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    process.once('exit', stop);
    const last: string[] = [];
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        last.push(line);
        if (last.length > 30) last.shift();
        options.onLine?.(line);
      });
    }
    child.once('error', reject);
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', stop);
      process.removeListener('exit', stop);
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (code === 0) resolve();
      else
        reject(
          new Error(`"${options.command}" in ${options.cwd} failed (${signal ?? `exit ${code}`}):\n${last.join('\n')}`),
        );
    });
  });
}
