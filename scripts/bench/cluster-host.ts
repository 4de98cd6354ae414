/**
 * Runs the local cluster in a process of its own for the pipeline benchmark, started by
 * start-cluster-host.ts, so the cluster's process tree (ingress, sink ingress, event log, dispatchers,
 * embedded database, and the functions under it) can be measured apart from the load generator.
 * Receives its options over IPC, answers `{ ready }` or `{ error }`; closes the cluster and exits when
 * the parent says `close` or goes away.
 */
import {
  createLocalCluster,
  type LocalCluster,
  type LocalClusterOptions,
} from '../../cluster/local/src/local-cluster.ts';

/** What the host answers once the cluster is up (or failed to start). */
export type ClusterHostMessage =
  | {
      ready: {
        url: string;
        databaseUrl: string;
        databaseKind: string;
        eventLog: string;
        /** the function processes' base URLs */
        services: Record<string, string>;
      };
    }
  | { progress: string }
  | { error: { message: string; stack?: string } };

const aborter = new AbortController();
let cluster: LocalCluster | undefined;
let closing: Promise<void> | undefined;
const close = () => {
  aborter.abort(new Error('the pipeline benchmark stopped the cluster'));
  closing ??= (async () => {
    await cluster?.close();
    process.exit(0);
  })();
  return closing;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close());
process.once('disconnect', () => void close());

process.once('message', (options: Omit<LocalClusterOptions, 'output' | 'onProgress' | 'signal'>) => {
  process.on('message', (message) => {
    if (message === 'close') void close();
  });
  createLocalCluster({
    ...options,
    output: process.stdout,
    signal: aborter.signal,
    onProgress: (message) => send({ progress: message }),
  }).then(
    (started) => {
      cluster = started;
      const services: Record<string, string> = {};
      for (const fn of started.routing.functions) {
        const url = started.serviceUrl(fn.name);
        if (url) services[fn.name] = url;
      }
      send({
        ready: {
          url: started.url,
          databaseUrl: started.database.url,
          databaseKind: started.database.kind,
          eventLog: started.eventLog,
          services,
        },
      });
    },
    (error: unknown) => {
      send({
        error:
          error instanceof Error
            ? { message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
            : { message: String(error) },
      });
      setTimeout(() => process.exit(1), 500).unref();
    },
  );
});

function send(message: ClusterHostMessage): void {
  process.send?.(message);
}
