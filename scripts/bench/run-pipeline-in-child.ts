import { fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './bench-result.ts';
import type { PipelineChildMessage, PipelineChildOptions } from './pipeline-child.ts';

/**
 * Runs the pipeline benchmark in a child process (pipeline-child.ts) whose stdout, where the cluster and
 * its functions log, goes to `logFile`. Resolves its result; rejects with its error, or when it exits
 * without one.
 */
export async function runPipelineInChild(options: PipelineChildOptions & { logFile: string }): Promise<BenchResult> {
  const { logFile, ...childOptions } = options;
  const log = openSync(logFile, 'w');
  try {
    const child = fork(path.join(import.meta.dirname, 'pipeline-child.ts'), [], {
      stdio: ['ignore', log, 'inherit', 'ipc'],
      // Structured clone keeps Infinity (an outcome never stored), which JSON would turn into null.
      serialization: 'advanced',
    });
    let message: PipelineChildMessage | undefined;
    child.once('message', (received: PipelineChildMessage) => (message = received));
    const exit = new Promise<number | null>((resolve, reject) => {
      child.once('exit', resolve);
      child.once('error', reject);
    });
    child.send(childOptions);
    const code = await exit;
    if (message && 'result' in message) return message.result;
    if (!message) throw new Error(`the pipeline benchmark exited with ${code} and no result (see ${logFile})`);
    const error = new Error(message.error.message);
    if (message.error.stack) error.stack = message.error.stack;
    throw error;
  } finally {
    closeSync(log);
  }
}
