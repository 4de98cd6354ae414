/**
 * Runs the pipeline benchmark in a process of its own, started by run-pipeline-in-child.ts: the local
 * cluster's process (started from here) logs JSON to this process's stdout, so stdout is the log file
 * here, and the terminal keeps only progress (stderr) and the table. Receives its options over IPC,
 * sends back `{ result }` or `{ error }`. SIGINT/SIGTERM stop it cleanly: the cluster and its children
 * are closed before it exits.
 */
import type { BenchResult } from './bench-result.ts';
import { runPipelineBench, type PipelineBenchOptions } from './pipeline-bench.ts';
import { createProgress } from './progress.ts';

export type PipelineChildOptions = Omit<PipelineBenchOptions, 'progress' | 'signal'>;
export type PipelineChildMessage = { result: BenchResult } | { error: { message: string; stack?: string } };

const aborter = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => aborter.abort(new Error(`${signal}: the pipeline benchmark was interrupted`)));
}

process.once('message', (options: PipelineChildOptions) => {
  runPipelineBench({
    ...options,
    progress: createProgress({ stream: process.stderr }),
    signal: aborter.signal,
  }).then(
    (result) => send({ result }),
    (error: unknown) =>
      send({
        error:
          error instanceof Error
            ? { message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
            : { message: String(error) },
      }),
  );
});

function send(message: PipelineChildMessage): void {
  // Exits once the message is out, even if a stray handle would keep it alive: the cluster is closed by now.
  process.send?.(message, () => {
    process.disconnect();
    setTimeout(() => process.exit(0), 1_000).unref();
  });
}
