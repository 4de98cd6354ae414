import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A supervised function process as the cluster reports it. */
export interface ClusterProcessInfo {
  readonly name: string;
  readonly state: string;
  readonly restarts: number;
  readonly processGroups: readonly number[];
}

/** The local cluster running in a child process (run-fault-cluster.ts). */
export interface FaultCluster {
  readonly url: string;
  /** The runner's own pid: SIGKILL it to crash the cluster. */
  readonly pid: number;
  /** Every supervised function, as the cluster sees it now. */
  processes(): Promise<readonly ClusterProcessInfo[]>;
  /** Every process group this cluster reported so far (for cleanup after a crash). */
  knownProcessGroups(): readonly number[];
  /** SIGKILL to the runner alone: its children are on their own from then on. */
  kill(): Promise<void>;
  /** SIGTERM: the cluster closes in order. */
  stop(): Promise<void>;
}

/** Starts the cluster process and resolves once the cluster inside it is ready. */
export async function startFaultCluster(options: {
  rootDir: string;
  kafkaBrokers: readonly string[];
  databaseUrl: string;
  redisUrl: string;
  port: number;
  seed: boolean;
  /** Set over this process's environment for the cluster and every function it starts. */
  environment?: Readonly<Record<string, string>>;
}): Promise<FaultCluster> {
  const { environment, ...clusterOptions } = options;
  const child = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'run-fault-cluster.ts'), JSON.stringify(clusterOptions)],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...environment } },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const waiting: ((processes: ClusterProcessInfo[]) => void)[] = [];
  const groups = new Set<number>();
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`run-fault-cluster.ts exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve(JSON.parse(line) as { url: string });
      else if (line.startsWith('{"processes"'))
        waiting.shift()?.((JSON.parse(line) as { processes: ClusterProcessInfo[] }).processes);
      // Anything else is the cluster's own log.
      else if (process.env['HELIOS_TEST_VERBOSE'] === '1') process.stderr.write(`${line}\n`);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url: ready.url,
    pid: child.pid!,
    async processes() {
      if (!running()) throw new Error('the cluster process is not running');
      const answer = new Promise<ClusterProcessInfo[]>((resolve) => waiting.push(resolve));
      child.stdin.write('processes\n');
      const processes = await answer;
      for (const process of processes) for (const group of process.processGroups) groups.add(group);
      return processes;
    },
    knownProcessGroups: () => [...groups],
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** True while any process of the group is alive. */
export function processGroupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to a process group; a group already gone is no error. */
export function killProcessGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
