/**
 * Runs the local cluster in a process of its own for the fault suite, on the suite's own Postgres, Redis
 * and Kafka, so a test can SIGKILL it as a crash would. Usage:
 *   node run-fault-cluster.ts '{"rootDir":…,"kafkaBrokers":[…],"databaseUrl":…,"redisUrl":…,"port":…,"seed":…}'
 * Prints one JSON line {url} once ready. Each `processes` line on stdin is answered with one JSON line
 * {processes} (name, state, restarts, process groups of every supervised function). SIGTERM closes it.
 */
import { createLocalCluster } from '../../../cluster/local/src/local-cluster.ts';
import { createInterface } from 'node:readline';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  rootDir: string;
  kafkaBrokers: string[];
  databaseUrl: string;
  redisUrl: string;
  port: number;
  seed: boolean;
};
const verbose = process.env['HELIOS_TEST_VERBOSE'] === '1';
const cluster = await createLocalCluster({
  rootDir: options.rootDir,
  kafkaBrokers: options.kafkaBrokers,
  databaseUrl: options.databaseUrl,
  redisUrl: options.redisUrl,
  port: options.port,
  host: '127.0.0.1',
  dashboard: false,
  seed: options.seed,
  seedProfiles: 200,
  logLevel: verbose ? 'info' : 'warn',
  // stdout carries this runner's protocol; the functions' log lines go to stderr when asked for.
  output: verbose ? process.stderr : null,
  readyTimeoutMs: 60_000,
});
process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'processes') process.stdout.write(`${JSON.stringify({ processes: cluster.processes() })}\n`);
});
process.once('SIGTERM', () => {
  cluster.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
