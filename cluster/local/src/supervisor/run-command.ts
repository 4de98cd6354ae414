import { spawn } from 'node:child_process';
import readline from 'node:readline';

export interface RunCommandOptions {
  /** A shell command line, as an npm script is. */
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Sees each output line as it comes (progress for a long build). */
  readonly onLine?: (line: string) => void;
}

/**
 * Runs a command to completion with `sh -c`. Resolves on exit code 0; rejects otherwise, the last
 * output lines in the message.
 */
export function runCommand(options: RunCommandOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', options.command], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const last: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        last.push(line);
        if (last.length > 30) last.shift();
        options.onLine?.(line);
      });
    }
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`"${options.command}" in ${options.cwd} failed (${signal ?? `exit ${code}`}):\n${last.join('\n')}`));
    });
  });
}
