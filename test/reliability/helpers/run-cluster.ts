/**
 * Runs the local cluster in a process of its own, so a test can kill it as a crash would (SIGKILL: no
 * dispatcher finishes, nothing is committed on the way out). Usage:
 *   node run-cluster.ts '{"rootDir":…,"kafkaBrokers":[…],"databaseUrl":…}'
 * Prints one JSON line {url, processGroups} once ready; SIGTERM closes it cleanly.
 */
import { startCluster } from './reliability-cluster.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as { rootDir: string; kafkaBrokers: string[]; databaseUrl: string };
const cluster = await startCluster({
  root: { dir: options.rootDir },
  kafkaBrokers: options.kafkaBrokers,
  databaseUrl: options.databaseUrl,
});
process.stdout.write(`${JSON.stringify({ url: cluster.url, processGroups: cluster.processGroups() })}\n`);
process.once('SIGTERM', () => {
  cluster.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
