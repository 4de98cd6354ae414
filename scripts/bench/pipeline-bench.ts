/**
 * The whole pipeline on the local cluster (embedded event log and PGlite by default; KAFKA_BROKERS,
 * DATABASE_URL, REDIS_URL as `npm start` reads them): N Helios JSON bids POSTed to /bid at bounded
 * concurrency, timed to their 202s and to their outcomes stored by analytics. Baseline: a node:http hello
 * world in its own process, hit by the same client with the same bodies and concurrency, in the same rounds.
 */
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Pool } from 'undici';
import type { ClusterConfig } from '../../cluster/local/src/config.ts';
import { createLocalCluster, type LocalCluster } from '../../cluster/local/src/local-cluster.ts';
import { demoUserId } from '../../cluster/local/src/seed/demo-profiles.ts';
import { pairedFigure, type BenchResult, type Figure } from './bench-result.ts';
import type { LoopRun } from './closed-loop.ts';
import { openOutcomeWatch, type OutcomeWatch } from './outcome-watch.ts';
import { runBaselineRound, runPipelineRound, type PipelineRound } from './pipeline-round.ts';
import type { Progress } from './progress.ts';
import { percentiles, summarize } from './statistics.ts';
import { startHelloServer, type HelloServer } from './start-hello-server.ts';

export interface PipelineBenchOptions {
  rootDir: string;
  cluster: ClusterConfig;
  bids: number;
  warmUpBids: number;
  concurrency: number;
  rounds: number;
  /** demo profiles the cluster seeds; the bids' users are drawn from them */
  seedProfiles: number;
  /** where the cluster's processes log */
  logOutput: Writable;
  progress: Progress;
  /** aborting stops at the next step (start-up, a round, the drain) and closes everything */
  signal?: AbortSignal;
}

const DOMAINS = ['example.com', 'news.example', 'sports.example', 'recipes.example'];

/** Runs the pipeline benchmark; stops the cluster and the baseline, also when it fails. */
export async function runPipelineBench(options: PipelineBenchOptions): Promise<BenchResult> {
  const { progress, concurrency } = options;
  const runId = randomBytes(3).toString('hex');
  let cluster: LocalCluster | undefined;
  let hello: HelloServer | undefined;
  let watch: OutcomeWatch | undefined;
  const pools: Pool[] = [];
  const started = performance.now();
  try {
    hello = await startHelloServer();
    progress.line(
      `[pipeline] starting the local cluster (${options.cluster.kafkaBrokers.length > 0 ? 'Kafka' : 'embedded event log'}, ${options.cluster.databaseUrl ? 'Postgres' : 'PGlite'}, no dashboard)`,
    );
    cluster = await createLocalCluster({
      ...options.cluster,
      port: 0,
      host: '127.0.0.1',
      // The dashboard is a Next.js build and server the pipeline does not need: outcomes are read from the database.
      dashboard: false,
      seed: true,
      seedProfiles: options.seedProfiles,
      rootDir: options.rootDir,
      output: options.logOutput,
      readyTimeoutMs: 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (message) => progress.line(`[pipeline]   ${message}`),
    });
    progress.line(`[pipeline] cluster up in ${((performance.now() - started) / 1_000).toFixed(1)} s at ${cluster.url}`);
    watch = await openOutcomeWatch(cluster.database.url);
    const clusterPool = new Pool(cluster.url, { connections: concurrency });
    const helloPool = new Pool(hello.url, { connections: concurrency });
    pools.push(clusterPool, helloPool);

    const bodiesFor = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, index) =>
        JSON.stringify({
          request_id: `${prefix}${index}`,
          user_id: demoUserId(1 + (index % options.seedProfiles)),
          site: {
            domain: DOMAINS[index % DOMAINS.length],
            page: `https://${DOMAINS[index % DOMAINS.length]}/article/${index}`,
          },
          device: {
            user_agent: 'Mozilla/5.0 (X11; Linux x86_64) helios-bench',
            ip: '192.0.2.1',
          },
        }),
      );
    const drainTimeoutMs = (bids: number) => 30_000 + bids * 50;

    const warmUpBodies = bodiesFor(`bench-${runId}-warm-`, options.warmUpBids);
    progress.line(`[pipeline] warm-up: ${options.warmUpBids} bids through the pipeline and the baseline`);
    await runBaselineRound({
      pool: helloPool,
      bodies: warmUpBodies,
      concurrency,
    });
    const warm = await runPipelineRound({
      pool: clusterPool,
      prefix: `bench-${runId}-warm-`,
      bodies: warmUpBodies,
      concurrency,
      watch,
      drainTimeoutMs: drainTimeoutMs(options.warmUpBids),
      label: '[pipeline] warm-up',
      progress,
      signal: options.signal,
    });
    if (warm.ingest.errors > 0) throw new Error(`warm-up bids failed: ${String(warm.ingest.firstError)}`);
    if (!warm.complete) throw new Error(`warm-up: only ${warm.stored}/${warm.accepted} outcomes were stored in time`);

    const rounds: PipelineRound[] = [];
    const baselines: LoopRun[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      options.signal?.throwIfAborted();
      const prefix = `bench-${runId}-r${round}-`;
      const bodies = bodiesFor(prefix, options.bids);
      const label = `[pipeline] round ${round}/${options.rounds}`;
      const baselineFirst = round % 2 === 1;
      const baselineRound = () => {
        progress.status(`${label}: hello-world baseline`);
        return runBaselineRound({ pool: helloPool, bodies, concurrency });
      };
      if (baselineFirst) baselines.push(await baselineRound());
      const result = await runPipelineRound({
        pool: clusterPool,
        prefix,
        bodies,
        concurrency,
        watch,
        drainTimeoutMs: drainTimeoutMs(options.bids),
        label,
        progress,
        signal: options.signal,
      });
      if (!baselineFirst) baselines.push(await baselineRound());
      rounds.push(result);
      const baseline = baselines.at(-1)!;
      progress.line(
        `${label}: ingest ${Math.round(result.ingest.rate)} bids/s (${result.accepted}/${options.bids} accepted), ${result.stored} outcomes stored at ${Math.round(result.outcomeRate)}/s, POST→stored p50 ${Math.round(percentileOr(result.storedLatenciesMs, 50))} ms; baseline ${Math.round(baseline.rate)} req/s`,
      );
      if (result.ingest.errors > 0)
        progress.line(`${label}: ${result.ingest.errors} POSTs failed, first: ${String(result.ingest.firstError)}`);
      if (!result.complete) {
        progress.line(
          `${label}: outcomes still missing after ${drainTimeoutMs(options.bids) / 1_000} s; stopping here`,
        );
        break;
      }
    }
    return summarizePipeline({ options, cluster, rounds, baselines });
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    await watch?.close().catch(() => undefined);
    if (cluster) {
      progress.line('[pipeline] stopping the local cluster');
      await cluster.close();
    }
    await hello?.close();
  }
}

function summarizePipeline(input: {
  options: PipelineBenchOptions;
  cluster: LocalCluster;
  rounds: PipelineRound[];
  baselines: LoopRun[];
}): BenchResult {
  const { options, rounds, baselines } = input;
  if (rounds.length === 0) throw new Error('no pipeline round completed');
  const p = (list: number[], rank: 50 | 90 | 99) => percentileOr(list, rank);
  const baselineName = 'hello world';
  const figure = (
    name: string,
    unit: string,
    direction: Figure['direction'],
    values: number[],
    base: number[],
    baseName = baselineName,
  ) =>
    pairedFigure({
      name,
      unit,
      direction,
      baselineName: baseName,
      values,
      baselines: base,
    });
  const baselineRate = baselines.map((run) => run.rate);
  const baselineP = (rank: 50 | 99) => baselines.map((run) => p(run.latenciesMs, rank));
  const figures = [
    figure(
      'ingest accepted',
      'bids/s',
      'higher-is-better',
      rounds.map((round) => round.ingest.rate),
      baselineRate,
      'hello world req/s',
    ),
    figure(
      'POST→202 p50',
      'ms',
      'lower-is-better',
      rounds.map((round) => p(round.ingest.latenciesMs, 50)),
      baselineP(50),
      'hello world p50',
    ),
    figure(
      'POST→202 p99',
      'ms',
      'lower-is-better',
      rounds.map((round) => p(round.ingest.latenciesMs, 99)),
      baselineP(99),
      'hello world p99',
    ),
    figure(
      'outcomes stored',
      'outcomes/s',
      'higher-is-better',
      rounds.map((round) => round.outcomeRate),
      baselineRate,
      'hello world req/s',
    ),
    figure(
      'POST→stored p50',
      'ms',
      'lower-is-better',
      rounds.map((round) => p(round.storedLatenciesMs, 50)),
      baselineP(50),
      'hello world p50',
    ),
    figure(
      'POST→stored p99',
      'ms',
      'lower-is-better',
      rounds.map((round) => p(round.storedLatenciesMs, 99)),
      baselineP(99),
      'hello world p99',
    ),
  ];
  const series = (label: string, lists: number[][], baseline: boolean) => ({
    label,
    baseline,
    p50: summarize(lists.map((list) => p(list, 50))).median,
    p90: summarize(lists.map((list) => p(list, 90))).median,
    p99: summarize(lists.map((list) => p(list, 99))).median,
  });
  const incomplete = rounds.filter((round) => !round.complete).length;
  const failed = rounds.reduce((sum, round) => sum + round.ingest.errors, 0);
  return {
    name: 'pipeline',
    title: 'the whole pipeline',
    rounds: rounds.length,
    figures,
    latencies: [
      series(
        'POST→202 (ingest)',
        rounds.map((round) => round.ingest.latenciesMs),
        false,
      ),
      series(
        'POST→outcome stored',
        rounds.map((round) => round.storedLatenciesMs),
        false,
      ),
      series(
        `hello world c=${options.concurrency}`,
        baselines.map((run) => run.latenciesMs),
        true,
      ),
    ],
    notes: [
      `${options.bids} Helios JSON bids per round (one imp each, users from ${options.seedProfiles} seeded profiles), ${options.concurrency} in flight, after a warm-up of ${options.warmUpBids}; event log: ${input.cluster.eventLog}, database: ${input.cluster.database.kind}.`,
      'outcomes stored/s = bids whose outcome is in auction_outcomes ÷ time from the first POST to the last stored_at; POST→stored uses stored_at (the database clock, same machine).',
      "As under `npm start`, the ingress, event log, dispatchers and embedded database share one process (here with the load generator), each function runs in its own; all share the machine's cores with the baseline server.",
      ...(failed > 0 ? [`${failed} POSTs were not accepted (see the progress lines).`] : []),
      ...(incomplete > 0 ? [`${incomplete} round(s) timed out before every outcome was stored.`] : []),
    ],
  };
}

function percentileOr(list: number[], rank: 50 | 90 | 99): number {
  return list.length === 0 ? Number.NaN : percentiles(list, [rank])[rank];
}
