import { fork } from 'node:child_process';
import path from 'node:path';
import type { LocalClusterOptions } from '../../cluster/local/src/local-cluster.ts';
import type { ClusterHostMessage } from './cluster-host.ts';

/** The local cluster running in its own process (cluster-host.ts). */
export interface ClusterHost {
  /** the cluster process: the root of the process tree whose CPU is measured */
  readonly pid: number;
  readonly url: string;
  readonly databaseUrl: string;
  readonly databaseKind: string;
  readonly eventLog: string;
  readonly services: Readonly<Record<string, string>>;
  /** closes the cluster (its children too) and waits for the process to exit */
  close(): Promise<void>;
}

/**
 * Starts cluster-host.ts with `options` and resolves once the cluster is up. Its stdout (the cluster's
 * logs) is this process's; `execArgv` adds Node flags to the cluster process (e.g. --cpu-prof). Rejects
 * with the cluster's own error when it fails to start, or when the process exits first.
 */
export async function startClusterHost(options: {
  cluster: Omit<LocalClusterOptions, 'output' | 'onProgress' | 'signal'>;
  onProgress: (message: string) => void;
  execArgv?: readonly string[];
  /** the cluster's environment (its functions inherit it); default this process's */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
}): Promise<ClusterHost> {
  const child = fork(path.join(import.meta.dirname, 'cluster-host.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
    env: options.env ?? process.env,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send(options.cluster);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send('close');
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const onAbort = () => void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const ready = await new Promise<Extract<ClusterHostMessage, { ready: unknown }>['ready']>((resolve, reject) => {
      child.on('message', (message: ClusterHostMessage) => {
        if ('progress' in message) options.onProgress(message.progress);
        else if ('ready' in message) resolve(message.ready);
        else {
          const error = new Error(message.error.message);
          if (message.error.stack) error.stack = message.error.stack;
          reject(error);
        }
      });
      child.once('exit', (code) => reject(new Error(`the cluster process exited with ${code} before it was up`)));
    });
    return { pid: child.pid!, ...ready, close: stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
