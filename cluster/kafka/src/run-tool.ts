import { spawn } from 'node:child_process';

/**
 * Runs a Java-side tool (mvn, java) to completion. Resolves on exit 0; rejects with `what` and the tail
 * of its output otherwise, or with `missing` when the program cannot be started at all.
 */
export function runTool(options: {
  program: string;
  args: readonly string[];
  /** names the step in an error: `mvn dependency:copy-dependencies`, `java kafka.tools.StorageTool` */
  what: string;
  /** what to tell a user whose machine lacks the program */
  missing: string;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.program, options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) =>
      reject(new Error(`cannot run ${options.program}: ${error.message}; ${options.missing}`, { cause: error })),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${options.what} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}
