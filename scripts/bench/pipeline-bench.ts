/**
 * The whole pipeline on the local cluster, under open-loop load at fixed rates: bids are sent at fixed
 * intervals whether or not earlier ones were answered, so a pipeline that falls behind shows its queue.
 * Each step is timed from a bid's due time to its 202 and to its outcome stored by analytics, and the
 * CPU of every process of the cluster is read from /proc over the step. Then the highest rate the
 * pipeline sustains (p99 ≤ 100 ms, no growing backlog) is searched for, the synchronous endpoint
 * (POST /openrtb2/bid) is timed against its tmax, and ingest's throughput is taken under a flood.
 * Baseline for all of it: a bare node:http server answering 202, in its own process, hit by the same
 * generator at the same rates in the same run.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Pool } from 'undici';
import type { ClusterConfig } from '../../cluster/local/src/config.ts';
import { demoUserId } from '../../cluster/local/src/seed/demo-profiles.ts';
import { pairedFigure, type BenchResult, type Figure, type LatencySeries } from './bench-result.ts';
import { formatNumber } from './format-table.ts';
import {
  backlogGrew,
  cpuPerBid,
  isSustained,
  latencyFigures,
  nextProbeRate,
  syncFigures,
  throughput,
  type LatencyFigures,
  type SyncFigures,
} from './load-math.ts';
import { runOpenLoop, dueOffsetMs, type OpenLoopRun } from './open-loop.ts';
import { openOutcomeWatch, type OutcomeWatch } from './outcome-watch.ts';
import { cpuBetween, readProcessTree } from './process-cpu.ts';
import type { Progress } from './progress.ts';
import { startClusterHost, type ClusterHost } from './start-cluster-host.ts';
import { startHelloServer, type HelloServer } from './start-hello-server.ts';

/** One synchronous case: requests per second at a tmax. */
export interface SyncCase {
  readonly rate: number;
  readonly tmaxMs: number;
}

export interface PipelineBenchOptions {
  rootDir: string;
  /** `pipeline` (embedded defaults) or `pipeline-services` (real Kafka, Redis, Postgres): the result's name */
  name: string;
  /** a line for the reader: what the event log, database and Redis were */
  setup: string;
  cluster: ClusterConfig;
  /** the fixed rates, bids/s */
  rates: readonly number[];
  /** how long each fixed-rate step sends, ms */
  stepMs: number;
  /** how long each probe of the sustainable-rate search sends, ms */
  probeMs: number;
  /** at most this many probes beyond the fixed rates */
  maxProbes: number;
  /** longest wait for a step's outcomes after its last send, ms */
  drainMs: number;
  syncCases: readonly SyncCase[];
  /** the rate the ingest flood offers, requests/s, for `floodMs` */
  floodRate: number;
  floodMs: number;
  /** the target the sustainable rate is set against */
  targetRate: number;
  seedProfiles: number;
  progress: Progress;
  signal?: AbortSignal | undefined;
}

/** What one fixed-rate step measured (results.json keeps these whole). */
export interface RateStep {
  readonly rate: number;
  readonly sent: number;
  readonly accepted: number;
  readonly stored: number;
  readonly ack: LatencyFigures;
  readonly toStored: LatencyFigures;
  readonly backlogGrew: boolean;
  readonly sustained: boolean;
  /** CPU ms per bid by process, and `total` */
  readonly cpuPerBid: Record<string, number>;
  /** the generator's own lateness: large means the figures are the generator's, not the pipeline's */
  readonly maxSendLagMs: number;
  readonly baseline: { readonly ack: LatencyFigures; readonly cpuPerRequest: number };
}

const DOMAINS = ['example.com', 'news.example', 'sports.example', 'recipes.example'];
const JSON_HEADERS = { 'content-type': 'application/json' };
const OPENRTB_HEADERS = { 'content-type': 'application/json', 'x-openrtb-version': '2.6' };

/** Runs the pipeline benchmark; stops the cluster and the baseline, also when it fails. */
export async function runPipelineBench(options: PipelineBenchOptions): Promise<BenchResult> {
  const { progress, name } = options;
  const label = `[${name}]`;
  const runId = randomBytes(3).toString('hex');
  let host: ClusterHost | undefined;
  let hello: HelloServer | undefined;
  let watch: OutcomeWatch | undefined;
  const pools: Pool[] = [];
  const started = performance.now();
  try {
    hello = await startHelloServer();
    progress.line(`${label} starting the local cluster (${options.setup}, no dashboard)`);
    host = await startClusterHost({
      cluster: {
        ...options.cluster,
        port: 0,
        host: '127.0.0.1',
        // The dashboard is a Next.js build and server the pipeline does not need: outcomes are read from the database.
        dashboard: false,
        seed: true,
        seedProfiles: options.seedProfiles,
        rootDir: options.rootDir,
        readyTimeoutMs: 60_000,
      },
      onProgress: (message) => progress.line(`${label}   ${message}`),
      signal: options.signal,
    });
    progress.line(`${label} cluster up in ${((performance.now() - started) / 1_000).toFixed(1)} s at ${host.url}`);
    watch = await openOutcomeWatch(host.databaseUrl);
    // Enough sockets that an open loop is never held back by the client; undici queues past them.
    const clusterPool = new Pool(host.url, { connections: 512, keepAliveTimeout: 30_000 });
    const helloPool = new Pool(hello.url, { connections: 512, keepAliveTimeout: 30_000 });
    pools.push(clusterPool, helloPool);
    const clusterTree = () =>
      readProcessTree({
        rootPid: host!.pid,
        rootName: 'cluster',
        functionsDir: path.join(options.rootDir, 'functions'),
      });
    const helloCpu = async () =>
      (await readProcessTree({ rootPid: hello!.pid, rootName: 'hello', functionsDir: '/nonexistent' }))[0]?.cpuMs ?? 0;
    const context: StepContext = {
      options,
      clusterPool,
      helloPool,
      watch,
      clusterTree,
      helloCpu,
      label,
      unfinished: [],
    };

    progress.line(`${label} warm-up: 2 s at 100 bids/s`);
    await runRateStep(context, `bench-${runId}-warm-`, 100, 2_000, 'warm-up');

    const steps: RateStep[] = [];
    for (const rate of options.rates) {
      options.signal?.throwIfAborted();
      steps.push(await runRateStep(context, `bench-${runId}-r${rate}-`, rate, options.stepMs));
    }

    const probes: RateStep[] = [];
    const tried = () => [...steps, ...probes].map((step) => ({ rate: step.rate, sustained: step.sustained }));
    for (let probe = 0; probe < options.maxProbes; probe++) {
      const rate = nextProbeRate(tried(), { min: 25, max: 4_000 });
      if (rate === null) break;
      options.signal?.throwIfAborted();
      probes.push(await runRateStep(context, `bench-${runId}-p${rate}-`, rate, options.probeMs, 'search'));
    }
    const sustainedRates = tried().filter((probe) => probe.sustained);
    const maxSustained = sustainedRates.length > 0 ? Math.max(...sustainedRates.map((probe) => probe.rate)) : 0;
    progress.line(`${label} highest sustained rate tried: ${maxSustained} bids/s`);

    const sync = await runSyncCases(context, `bench-${runId}-s`);

    progress.line(
      `${label} ingest flood: ${options.floodRate} requests/s for ${options.floodMs / 1_000} s, and the baseline`,
    );
    const flood = await runFlood(context, `bench-${runId}-f`);
    return summarize({ options, host, steps, probes, maxSustained, sync, flood });
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    await watch?.close().catch(() => undefined);
    if (host) {
      progress.line(`${label} stopping the local cluster`);
      await host.close();
    }
    await hello?.close();
  }
}

interface StepContext {
  readonly options: PipelineBenchOptions;
  readonly clusterPool: Pool;
  readonly helloPool: Pool;
  readonly watch: OutcomeWatch;
  readonly clusterTree: () => ReturnType<typeof readProcessTree>;
  readonly helloCpu: () => Promise<number>;
  readonly label: string;
  /** steps whose outcomes were not all stored when they ended: the next step waits for them first */
  readonly unfinished: Unfinished[];
}

/** A step's bids whose outcomes are awaited: their id prefix, when the first was sent, how many. */
interface Unfinished {
  readonly prefix: string;
  readonly sinceMs: number;
  readonly expected: number;
}

function heliosBody(requestId: string, index: number, seedProfiles: number): string {
  const domain = DOMAINS[index % DOMAINS.length]!;
  return JSON.stringify({
    request_id: requestId,
    user_id: demoUserId(1 + (index % seedProfiles)),
    site: { domain, page: `https://${domain}/article/${index}` },
    device: { user_agent: 'Mozilla/5.0 (X11; Linux x86_64) helios-bench', ip: '192.0.2.1' },
  });
}

function openRtbBody(requestId: string, index: number, seedProfiles: number, tmaxMs: number): string {
  const domain = DOMAINS[index % DOMAINS.length]!;
  return JSON.stringify({
    id: requestId,
    imp: [{ id: '1', banner: { w: 300, h: 250, format: [{ w: 300, h: 250 }] }, bidfloor: 0.1, bidfloorcur: 'USD' }],
    site: { domain, page: `https://${domain}/article/${index}` },
    device: { ua: 'Mozilla/5.0 (X11; Linux x86_64) helios-bench', ip: '192.0.2.1' },
    user: { id: demoUserId(1 + (index % seedProfiles)) },
    at: 1,
    tmax: tmaxMs,
    cur: ['USD'],
  });
}

/** POSTs `body` and resolves the status; the answer is read whole so the socket is reused. */
async function post(pool: Pool, requestPath: string, headers: Record<string, string>, body: string): Promise<number> {
  const response = await pool.request({ path: requestPath, method: 'POST', headers, body });
  await response.body.dump();
  return response.statusCode;
}

/**
 * The same requests, at the same rate, against the hello-world baseline: its answer latencies and CPU per
 * request. At most 2 s of them: the bare server is steady, and the default run must stay under 5 minutes.
 */
async function runBaseline(context: StepContext, rate: number, count: number, bodies: (index: number) => string) {
  const total = baselineCount(rate, count);
  const cpuBefore = await context.helloCpu();
  const run = await runOpenLoop({
    ratePerSecond: rate,
    total,
    send: (index) => post(context.helloPool, '/bid', JSON_HEADERS, bodies(index)),
    signal: context.options.signal,
  });
  const cpuPerRequest = ((await context.helloCpu()) - cpuBefore) / total;
  return { run, cpuPerRequest, ack: latencyFigures(successLatencies(run, 202)) };
}

function baselineCount(rate: number, count: number): number {
  return Math.max(1, Math.min(count, Math.round(rate * 2)));
}

function successLatencies(run: OpenLoopRun<number>, status: number): number[] {
  return run.latenciesMs.map((latency, index) => (run.results[index] === status ? latency : Number.NaN));
}

/**
 * Waits until `expected` outcomes under `prefix` are stored, or `drainMs` has passed, or none was stored
 * for 5 s (the pipeline is stuck or still busy with an earlier backlog). Resolves how many were stored.
 */
async function waitForOutcomes(
  context: StepContext,
  batch: Unfinished,
  onStatus: (stored: number) => void,
): Promise<number> {
  const { options, watch } = context;
  const { prefix, sinceMs, expected } = batch;
  const started = performance.now();
  let stored = await watch.count(prefix, sinceMs);
  let lastGain = started;
  while (stored < expected && performance.now() - started < options.drainMs && performance.now() - lastGain < 5_000) {
    options.signal?.throwIfAborted();
    onStatus(stored);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await watch.count(prefix, sinceMs);
    if (now > stored) lastGain = performance.now();
    stored = now;
  }
  return stored;
}

/** Lets what earlier steps left in the pipeline drain first, so no step inherits another's queue. */
async function settle(context: StepContext, step: string): Promise<void> {
  for (const batch of context.unfinished.splice(0)) {
    await waitForOutcomes(context, batch, (stored) =>
      context.options.progress.status(
        `${step}: waiting for an earlier step's backlog (${batch.expected - stored} left)`,
      ),
    );
  }
}

async function runRateStep(
  context: StepContext,
  prefix: string,
  rate: number,
  durationMs: number,
  kind: 'fixed' | 'search' | 'warm-up' = 'fixed',
): Promise<RateStep> {
  const { options, watch, label } = context;
  const total = Math.max(1, Math.round((rate * durationMs) / 1_000));
  const bodies = (index: number) => heliosBody(`${prefix}${index}`, index, options.seedProfiles);
  const step = `${label} ${kind === 'fixed' ? 'rate' : kind} ${rate} bids/s`;
  await settle(context, step);
  options.progress.status(`${step}: baseline`);
  const baseline = await runBaseline(context, rate, total, bodies);
  const before = await context.clusterTree();
  const run = await runOpenLoop({
    ratePerSecond: rate,
    total,
    send: (index) => post(context.clusterPool, '/bid', JSON_HEADERS, bodies(index)),
    onProgress: (sent, answered) => options.progress.status(`${step}: ${sent}/${total} sent, ${answered} answered`),
    signal: options.signal,
  });
  const accepted = run.results.filter((status) => status === 202).length;
  // The due times on the wall clock, comparable with the database's stored_at on the same machine.
  const firstDue = performance.timeOrigin + run.startedAt;
  const dueAt = Array.from({ length: total }, (_, index) => firstDue + dueOffsetMs(index, rate));
  const batch = { prefix, sinceMs: firstDue, expected: accepted };
  const stored = await waitForOutcomes(context, batch, (count) =>
    options.progress.status(`${step}: ${count}/${accepted} outcomes stored`),
  );
  if (stored < accepted) context.unfinished.push(batch);
  const after = await context.clusterTree();
  const storedAt = await watch.storedAt(prefix, firstDue);
  const latencies: number[] = [];
  const storedTimes: number[] = [];
  for (const [requestId, at] of storedAt) {
    const due = dueAt[Number(requestId.slice(prefix.length))];
    if (due === undefined) continue;
    latencies.push(at - due);
    storedTimes.push(at);
  }
  const toStored = latencyFigures(latencies, total - latencies.length);
  const grew = backlogGrew({ sentAt: dueAt, storedAt: storedTimes, windowStart: firstDue, windowEnd: dueAt.at(-1)! });
  const result: RateStep = {
    rate,
    sent: total,
    accepted,
    stored,
    ack: latencyFigures(successLatencies(run, 202), total - accepted),
    toStored,
    backlogGrew: grew,
    sustained: isSustained({ p99: toStored.p99, backlogGrew: grew }),
    cpuPerBid: cpuPerBid(cpuBetween(before, after), total),
    maxSendLagMs: run.maxSendLagMs,
    baseline: { ack: baseline.ack, cpuPerRequest: baseline.cpuPerRequest },
  };
  options.progress.line(
    `${step}: ${accepted}/${total} accepted, ${stored} stored; POST→stored p50 ${ms(toStored.p50)} p99 ${ms(toStored.p99)} max ${ms(toStored.max)}${grew ? ', backlog growing' : ''} → ${result.sustained ? 'sustained' : 'not sustained'}; CPU ${formatNumber(result.cpuPerBid['total']!)} ms/bid; baseline 202 p99 ${ms(baseline.ack.p99)}`,
  );
  return result;
}

/** What the synchronous endpoint did, or why it was not measured. */
type SyncOutcome =
  | { available: false; reason: string }
  | { available: true; cases: { case: SyncCase; figures: SyncFigures; baseline: SyncFigures }[] };

async function runSyncCases(context: StepContext, prefix: string): Promise<SyncOutcome> {
  const { options, label } = context;
  if (options.syncCases.length === 0) return { available: false, reason: 'no cases asked for' };
  // One request first: a cluster without the endpoint answers 404 and the cases are skipped.
  const probeStatus = await post(
    context.clusterPool,
    '/openrtb2/bid',
    OPENRTB_HEADERS,
    openRtbBody(`${prefix}probe`, 0, options.seedProfiles, 1_000),
  ).catch((error: unknown) => `failed: ${(error as Error).message}`);
  if (probeStatus !== 200 && probeStatus !== 204) {
    const reason =
      probeStatus === 404
        ? 'POST /openrtb2/bid answered 404: this build has no synchronous endpoint'
        : `POST /openrtb2/bid answered ${String(probeStatus)} to a valid request`;
    options.progress.line(`${label} synchronous answers: not available (${reason})`);
    return { available: false, reason };
  }
  const cases = [];
  for (const syncCase of options.syncCases) {
    options.signal?.throwIfAborted();
    const total = Math.max(1, Math.round((syncCase.rate * options.stepMs) / 1_000));
    const casePrefix = `${prefix}${syncCase.rate}-${syncCase.tmaxMs}-`;
    const bodies = (index: number) =>
      openRtbBody(`${casePrefix}${index}`, index, options.seedProfiles, syncCase.tmaxMs);
    const step = `${label} sync ${syncCase.rate}/s tmax ${syncCase.tmaxMs} ms`;
    await settle(context, step);
    options.progress.status(`${step}: baseline`);
    const baselineRun = await runOpenLoop({
      ratePerSecond: syncCase.rate,
      total: baselineCount(syncCase.rate, total),
      // The bare server answers 202; counted as the 200 the endpoint would give, to share one tally.
      send: async (index) => ((await post(context.helloPool, '/bid', JSON_HEADERS, bodies(index))) === 202 ? 200 : 500),
      signal: options.signal,
    });
    const run = await runOpenLoop({
      ratePerSecond: syncCase.rate,
      total,
      send: (index) => post(context.clusterPool, '/openrtb2/bid', OPENRTB_HEADERS, bodies(index)),
      onProgress: (sent, answered) => options.progress.status(`${step}: ${sent}/${total} sent, ${answered} answered`),
      signal: options.signal,
    });
    // Every answered request's decision still flows on to an outcome, which the next step waits for.
    context.unfinished.push({
      prefix: casePrefix,
      sinceMs: performance.timeOrigin + run.startedAt,
      expected: run.results.filter((status) => status === 200 || status === 204).length,
    });
    const figures = syncFigures({ latenciesMs: run.latenciesMs, statuses: run.results, tmaxMs: syncCase.tmaxMs });
    const baseline = syncFigures({
      latenciesMs: baselineRun.latenciesMs,
      statuses: baselineRun.results,
      tmaxMs: syncCase.tmaxMs,
    });
    options.progress.line(
      `${step}: ${formatNumber(figures.inTimeShare * 100)}% in time (${figures.bids} bids, ${figures.noBids} no-bids, ${figures.failed} failed), p50 ${ms(figures.p50)} p99 ${ms(figures.p99)}`,
    );
    cases.push({ case: syncCase, figures, baseline });
  }
  return { available: true, cases };
}

async function runFlood(context: StepContext, prefix: string) {
  const { options } = context;
  const total = Math.max(1, Math.round((options.floodRate * options.floodMs) / 1_000));
  const bodies = (index: number) => heliosBody(`${prefix}${index}`, index, options.seedProfiles);
  const flood = async (pool: Pool) => {
    const run = await runOpenLoop({
      ratePerSecond: options.floodRate,
      total,
      send: (index) => post(pool, '/bid', JSON_HEADERS, bodies(index)),
      signal: options.signal,
    });
    return throughput(run.results.filter((status) => status === 202).length, run.durationMs);
  };
  await settle(context, `${context.label} ingest flood`);
  const baseline = await flood(context.helloPool);
  const ingest = await flood(context.clusterPool);
  return { ingest, baseline };
}

function summarize(input: {
  options: PipelineBenchOptions;
  host: ClusterHost;
  steps: RateStep[];
  probes: RateStep[];
  maxSustained: number;
  sync: SyncOutcome;
  flood: { ingest: number; baseline: number };
}): BenchResult {
  const { options, steps, sync, flood } = input;
  const figures: Figure[] = [];
  const single = (
    name: string,
    unit: string,
    direction: Figure['direction'],
    value: number,
    baseline: number,
    baselineName: string,
  ) => figures.push(pairedFigure({ name, unit, direction, baselineName, values: [value], baselines: [baseline] }));
  for (const step of steps) {
    const at = `@${step.rate}/s`;
    single(
      `POST→stored p50 ${at}`,
      'ms',
      'lower-is-better',
      step.toStored.p50,
      step.baseline.ack.p50,
      'hello world p50',
    );
    single(
      `POST→stored p99 ${at}`,
      'ms',
      'lower-is-better',
      step.toStored.p99,
      step.baseline.ack.p99,
      'hello world p99',
    );
    single(
      `POST→stored max ${at}`,
      'ms',
      'lower-is-better',
      step.toStored.max,
      step.baseline.ack.max,
      'hello world max',
    );
    single(
      `CPU per bid ${at}`,
      'ms',
      'lower-is-better',
      step.cpuPerBid['total']!,
      step.baseline.cpuPerRequest,
      'hello world CPU/request',
    );
  }
  single('max sustained rate', 'bids/s', 'higher-is-better', input.maxSustained, options.targetRate, 'target');
  if (sync.available) {
    for (const { case: syncCase, figures: measured, baseline } of sync.cases) {
      const at = `@${syncCase.rate}/s tmax ${syncCase.tmaxMs}`;
      single(
        `sync in time ${at}`,
        '%',
        'higher-is-better',
        measured.inTimeShare * 100,
        baseline.inTimeShare * 100,
        'hello world',
      );
      single(`sync p50 ${at}`, 'ms', 'lower-is-better', measured.p50, baseline.p50, 'hello world p50');
      single(`sync p99 ${at}`, 'ms', 'lower-is-better', measured.p99, baseline.p99, 'hello world p99');
    }
  }
  single('ingest throughput', 'req/s', 'higher-is-better', flood.ingest, flood.baseline, 'bare node:http 202');

  const latencies: LatencySeries[] = steps.flatMap((step) => [
    { label: `POST→stored @${step.rate}/s`, baseline: false, ...pick(step.toStored) },
    { label: `hello world @${step.rate}/s`, baseline: true, ...pick(step.baseline.ack) },
  ]);
  const cpuStep = steps.find((step) => step.sustained && step.rate >= 100) ?? steps[0];
  const perProcess = cpuStep
    ? Object.entries(cpuStep.cpuPerBid)
        // A shell that only waits for its child spends nothing worth a column.
        .filter(([, value]) => value >= 0.005)
        .map(([name, value]) => `${name} ${formatNumber(value)}`)
        .join(', ')
    : 'n/a';
  const lagging = [...steps, ...input.probes].filter((step) => step.maxSendLagMs > 50);
  return {
    name: options.name,
    title: `the whole pipeline (${options.setup})`,
    rounds: 1,
    figures,
    latencies,
    notes: [
      `Open loop: bids sent at fixed intervals for ${options.stepMs / 1_000} s per rate whatever the answers, each latency from the bid's due time; a bid whose outcome was not stored within ${options.drainMs / 1_000} s of the last send counts as infinitely late (∞). Event log: ${input.host.eventLog}, database: ${input.host.databaseKind}.`,
      `Sustained = p99 POST→stored ≤ 100 ms and the backlog not growing over the second half of the sends; searched over ${input.probes.length} probe(s) of ${options.probeMs / 1_000} s (${input.probes.map((probe) => `${probe.rate}/s ${probe.sustained ? '✓' : '✗'}`).join(', ') || 'none'}).`,
      `CPU per bid = utime+stime from /proc of the cluster process and every process under it over the step, ÷ bids sent; @${cpuStep?.rate ?? '?'}/s by process: ${perProcess} ms.`,
      sync.available
        ? 'Synchronous: POST /openrtb2/bid with an OpenRTB 2.6 request; in time = 200 or 204 within tmax of the due time.'
        : `Synchronous answers: not available (${sync.reason}).`,
      `Ingest throughput: 202s per second under an open-loop flood of ${options.floodRate}/s for ${options.floodMs / 1_000} s; the bare server's figure may be the generator's limit.`,
      ...(input.host.eventLog === 'kafka'
        ? [
            'On Kafka the topics and consumer groups are the ones eventing/ names (helios-bidder, …): a broker shared with another running Helios cluster splits their partitions between the two, and these figures are then wrong.',
          ]
        : []),
      ...(lagging.length > 0
        ? [
            `The generator ran late (> 50 ms) at ${lagging.map((step) => `${step.rate}/s`).join(', ')}: the machine was short of CPU for the generator too.`,
          ]
        : []),
    ],
    details: { steps, probes: input.probes, maxSustained: input.maxSustained, sync, flood },
  };
}

function pick(figures: LatencyFigures): { p50: number; p90: number; p99: number } {
  return { p50: figures.p50, p90: figures.p90, p99: figures.p99 };
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${formatNumber(value)} ms` : '∞';
}
