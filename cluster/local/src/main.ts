/**
 * `npm start`: Helios on one machine, as Knative would run it, with nothing installed but Node.
 * Progress goes to stderr, the JSON logs of every process to stdout; Ctrl-C stops everything cleanly.
 */
import { ConfigError } from '@helios/core';
import { readClusterConfig } from './config.ts';
import { PortInUseError } from './ingress/assert-port-free.ts';
import { createLocalCluster, type LocalCluster } from './local-cluster.ts';

const say = (message: string) => process.stderr.write(`${message}\n`);

let starting: Promise<LocalCluster> | undefined;
let stopping = false;
const cancelStart = new AbortController();

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    say(`\n${signal} again: exiting without waiting`);
    process.exit(130);
  }
  stopping = true;
  say(`\n${signal}: stopping Helios (in-flight events finish and are committed)...`);
  // A signal during start-up cancels it; the start-up cleans up after itself before it rejects.
  cancelStart.abort(new Error(`${signal} during start-up`));
  const cluster = await starting?.catch(() => undefined);
  await cluster?.close();
  say('Helios stopped.');
  process.exit(0);
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));

try {
  const config = readClusterConfig();
  const started = performance.now();
  say('Starting Helios locally...');
  starting = createLocalCluster({
    ...config,
    signal: cancelStart.signal,
    onProgress: (message) => say(`  ${message}`),
  });
  const cluster = await starting;
  if (!stopping) {
    const host = `localhost:${cluster.port}`;
    say(`
Helios is up: http://${host}   (started in ${((performance.now() - started) / 1000).toFixed(1)} s; event log: ${cluster.eventLog}, database: ${cluster.database.kind})

  Send a bid:
    curl -X POST ${host}/bid -H 'content-type: application/json' -d '{"request_id":"demo-001","user_id":"user-001","site":{"domain":"example.com"},"device":{"ip":"192.0.2.1"}}'
  See its outcome:
    curl '${host}/api/outcomes/?user_id=user-001'
  Dashboard:        ${config.dashboard ? `http://${host}/` : 'off (HELIOS_DASHBOARD=false)'}
  Health:           http://${host}/healthz
  Routes in effect: http://${host}/_cluster/routes

Press Ctrl-C to stop.`);
  }
} catch (error) {
  // After a Ctrl-C during start-up the rejection is expected: stop() reports and exits.
  if (!stopping) {
    say(
      error instanceof ConfigError || error instanceof PortInUseError
        ? error.message
        : `Helios failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
}
