import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createLocalCluster,
  type LocalCluster,
  type LocalClusterOptions,
} from '../../../cluster/local/src/local-cluster.ts';
import { createIsolatedRoot, type IsolatedRoot } from './isolated-root.ts';
import { PROBE_FUNCTION_SOURCE, PROBE_MANIFESTS } from './probe-function.ts';

/** A suffix unique to this run: topics, groups and the namespace carry it. */
export function runSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** An isolated root with the probe subscriber and its KafkaSink/KafkaSource added. */
export function createProbeRoot(suffix: string): Promise<IsolatedRoot> {
  return createIsolatedRoot({
    suffix,
    manifests: PROBE_MANIFESTS,
    functions: { probe: { 'index.js': PROBE_FUNCTION_SOURCE } },
  });
}

/**
 * The local cluster on real Kafka for a reliability test: the given root's eventing/, an external
 * Postgres, no dashboard, quiet logs (HELIOS_TEST_VERBOSE=1 shows them), a free ingress port.
 */
export function startCluster(options: {
  root: Pick<IsolatedRoot, 'dir'>;
  kafkaBrokers: readonly string[];
  databaseUrl: string;
  seed?: boolean;
}): Promise<LocalCluster> {
  const verbose = process.env['HELIOS_TEST_VERBOSE'] === '1';
  const clusterOptions: LocalClusterOptions = {
    rootDir: options.root.dir,
    kafkaBrokers: options.kafkaBrokers,
    databaseUrl: options.databaseUrl,
    port: 0,
    host: '127.0.0.1',
    dashboard: false,
    seed: options.seed ?? true,
    seedProfiles: 200,
    logLevel: verbose ? 'info' : 'warn',
    output: verbose ? process.stdout : null,
    readyTimeoutMs: 60_000,
  };
  return createLocalCluster(clusterOptions);
}

/** What the probe accepted so far, in arrival order. */
export async function probeReceived(
  root: IsolatedRoot,
): Promise<{ id: string; key: string; seq: number; attempt: number }[]> {
  const file = path.join(root.dir, 'functions', 'probe', 'received.jsonl');
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; key: string; seq: number; attempt: number });
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns its last answer. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/** POSTs a CloudEvent in binary content mode (CloudEvents HTTP binding §3.1) and returns the status. */
export async function postEvent(
  url: string,
  event: { id: string; type: string; partitionKey: string; data: unknown },
): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.id,
      'ce-source': '/helios/reliability-test',
      'ce-type': event.type,
      'ce-partitionkey': event.partitionKey,
    },
    body: JSON.stringify(event.data),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}
