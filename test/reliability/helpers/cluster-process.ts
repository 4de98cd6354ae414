import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ClusterProcess {
  readonly url: string;
  /** SIGKILL to the runner and every function's process group: a crash, with nothing shut down cleanly. */
  kill(): void;
  /** SIGTERM: the cluster closes in order and commits what it delivered. */
  stop(): Promise<void>;
}

/** Starts run-cluster.ts in a child process and resolves once the cluster inside it is ready. */
export async function startClusterProcess(options: {
  rootDir: string;
  kafkaBrokers: readonly string[];
  databaseUrl: string;
}): Promise<ClusterProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'run-cluster.ts'), JSON.stringify(options)],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; processGroups: number[] }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`run-cluster.ts exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve(JSON.parse(line) as { url: string; processGroups: number[] });
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: ready.url,
    kill() {
      for (const group of [child.pid!, ...ready.processGroups]) {
        try {
          process.kill(-group, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
