/**
 * `npm run bench`: Helios's benchmarks, each figure beside a baseline measured in the same run (the
 * machine is noisy, so only ratios travel between runs): ingest decode+validate vs JSON.parse, GetProfile
 * over gRPC vs a bare grpc-js echo, the whole pipeline under open-loop load (embedded, then on real Kafka,
 * Redis and Postgres) vs a node:http server answering 202. Progress on stderr, the
 * table on stdout, then .helios/bench/results.json and report.svg (+ report.png when Chromium exists).
 * `npm run bench -- --help` lists the options.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@helios/core';
import { readClusterConfig, type ClusterConfig } from '../cluster/local/src/config.ts';
import { parseBenchOptions, USAGE, type BenchName, type BenchOptions } from './bench/bench-options.ts';
import type { BenchResult } from './bench/bench-result.ts';
import { prepareBenchServices } from './bench/bench-services.ts';
import type { PipelineChildOptions } from './bench/pipeline-child.ts';
import { ensureBuilt } from './bench/ensure-built.ts';
import { formatTable } from './bench/format-table.ts';
import { runIngestBench } from './bench/ingest-bench.ts';
import { runProfileBench } from './bench/profile-bench.ts';
import { createProgress } from './bench/progress.ts';
import { runPipelineInChild } from './bench/run-pipeline-in-child.ts';
import { FIXTURES_DIR } from '../test/helpers/fixture-path.ts';
import { findChromium, renderPng } from './bench/render-png.ts';
import { renderReportSvg } from './bench/render-report-svg.ts';

const rootDir = path.resolve(import.meta.dirname, '..');
const outputDir = path.join(rootDir, '.helios', 'bench');
const progress = createProgress({ stream: process.stderr });

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let clusterConfig: ClusterConfig;
try {
  // The cluster's own reader: KAFKA_BROKERS, DATABASE_URL, REDIS_URL and HELIOS_LOG_LEVEL mean what they mean for `npm start`.
  clusterConfig = readClusterConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(2);
}

await mkdir(outputDir, { recursive: true });
const { quick } = options;
const runners: Record<BenchName, () => Promise<BenchResult>> = {
  ingest: () =>
    runIngestBench({
      referenceDir: FIXTURES_DIR,
      rounds: quick ? 7 : 15,
      roundMs: quick ? 40 : 150,
      progress,
    }),
  profile: () =>
    runProfileBench({
      redisUrl: clusterConfig.redisUrl,
      // Small enough that the whole default run, both pipelines included, stays under 5 minutes on 2 cores.
      rounds: 3,
      sequentialCalls: quick ? 500 : 1_000,
      concurrentCalls: quick ? 2_000 : 4_000,
      progress,
    }),
  pipeline: () =>
    runPipeline({
      name: 'pipeline',
      setup: 'embedded event log, PGlite, in-memory Redis',
      // The embedded defaults whatever the environment says: the real services have their own run.
      cluster: { ...clusterConfig, kafkaBrokers: [], databaseUrl: undefined, redisUrl: undefined, dataDir: undefined },
      targetRate: 1_000,
      syncCases: [
        { rate: 300, tmaxMs: 100 },
        { rate: 500, tmaxMs: 100 },
      ],
    }),
  'pipeline-services': async () => {
    const services = await prepareBenchServices(clusterConfig);
    if (!services.available) throw new SkippedError(`real services ${services.reason}`);
    try {
      return await runPipeline({
        name: 'pipeline-services',
        setup: services.setup,
        cluster: {
          ...clusterConfig,
          kafkaBrokers: services.kafkaBrokers,
          databaseUrl: services.databaseUrl,
          redisUrl: services.redisUrl,
          dataDir: undefined,
        },
        targetRate: 500,
        syncCases: [
          { rate: 300, tmaxMs: 100 },
          { rate: 500, tmaxMs: 100 },
          { rate: 300, tmaxMs: 150 },
        ],
      });
    } finally {
      await services.release().catch((error: unknown) => {
        progress.line(`[pipeline-services] the throwaway database was not dropped: ${(error as Error).message}`);
      });
    }
  },
};

/** A benchmark that cannot run here (its services are absent): reported, not failed. */
class SkippedError extends Error {}

let built = false;
async function runPipeline(run: {
  name: string;
  setup: string;
  cluster: ClusterConfig;
  targetRate: number;
  syncCases: PipelineChildOptions['syncCases'];
}): Promise<BenchResult> {
  if (options.build && !built) {
    built = true;
    const rebuilt = await ensureBuilt(rootDir);
    if (rebuilt.length > 0) progress.line(`[pipeline] rebuilt ${rebuilt.join(', ')} (sources newer than their build)`);
  }
  const logFile = path.join(outputDir, `${run.name}.log`);
  progress.line(`[${run.name}] the cluster's logs go to ${path.relative(process.cwd(), logFile)}`);
  // Ctrl-C reaches the child too; it closes the cluster, and this process waits for it to finish.
  const wait = () => progress.line(`[${run.name}] interrupted: stopping the local cluster…`);
  process.on('SIGINT', wait);
  try {
    return await runPipelineInChild({
      ...run,
      rootDir,
      rates: options.rates,
      stepMs: options.stepSeconds * 1_000,
      probeMs: quick ? 2_000 : 3_000,
      maxProbes: quick ? 2 : 3,
      drainMs: quick ? 8_000 : 10_000,
      floodRate: 3_000,
      floodMs: quick ? 1_000 : 2_000,
      seedProfiles: quick ? 300 : 1_000,
      logFile,
    });
  } finally {
    process.off('SIGINT', wait);
  }
}

const started = performance.now();
const startedAt = new Date();
const results: BenchResult[] = [];
const failures: { name: BenchName; error: string }[] = [];
const skipped: { name: BenchName; reason: string }[] = [];
for (const name of options.only) {
  const benchStarted = performance.now();
  progress.line(`▶ ${name}`);
  try {
    results.push(await runners[name]());
    progress.line(`✔ ${name} in ${((performance.now() - benchStarted) / 1_000).toFixed(1)} s`);
  } catch (error) {
    if (error instanceof SkippedError) {
      skipped.push({ name, reason: error.message });
      progress.line(`- ${name} skipped: ${error.message}`);
      continue;
    }
    // One broken benchmark must not hide the others' figures.
    failures.push({
      name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    progress.line(`✘ ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
const elapsedS = (performance.now() - started) / 1_000;

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`;
const heading = {
  title: `Helios benchmarks${quick ? ' (quick)' : ''}`,
  subtitle: `${startedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC · ${machine} · ${elapsedS.toFixed(0)} s · each figure against a baseline measured in the same run`,
};
const resultsFile = path.join(outputDir, 'results.json');
const svgFile = path.join(outputDir, 'report.svg');
const pngFile = path.join(outputDir, 'report.png');
await writeFile(
  resultsFile,
  `${JSON.stringify(
    { startedAt: startedAt.toISOString(), elapsedSeconds: elapsedS, machine, options, results, failures, skipped },
    // JSON has no Infinity: a latency never reached (an outcome never stored) is written as the string "Infinity".
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    2,
  )}\n`,
);
// The chart's log scale has no room for ∞ (outcomes never stored): those figures stay in the table.
const svg = renderReportSvg(
  results.map((result) => ({
    ...result,
    figures: result.figures.filter((figure) => Number.isFinite(figure.ratio.median) && figure.ratio.median > 0),
    latencies: result.latencies.filter((series) => [series.p50, series.p90, series.p99].every(Number.isFinite)),
  })),
  heading,
);
await writeFile(svgFile, svg);

process.stdout.write(results.length > 0 ? `\n${formatTable(results)}\n` : '\nno benchmark finished: no figures\n');
for (const result of results) {
  for (const note of result.notes) process.stdout.write(`  ${result.name}: ${note}\n`);
}
for (const { name, reason } of skipped) process.stdout.write(`  ${name}: skipped (${reason})\n`);
process.stdout.write(
  `\ncost × baseline: the figure's time per operation over the baseline's, per round (rates inverted); 1× = as fast as the baseline, lower is better. Medians over rounds, ± half the interquartile range.\n`,
);
const written = [resultsFile, svgFile];
const chromium = findChromium(process.env['PATH']);
if (chromium && results.length > 0) {
  const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
  try {
    await renderPng({
      chromium,
      svgFile,
      pngFile,
      width: Number(width),
      height: Number(height),
    });
    written.push(pngFile);
  } catch (error) {
    progress.line(`report.png not rendered: ${(error as Error).message}`);
  }
}
process.stdout.write(
  `\nWrote (in ${elapsedS.toFixed(0)} s):\n${written.map((file) => `  ${path.relative(process.cwd(), file)}`).join('\n')}\n`,
);
if (failures.length > 0) {
  process.stderr.write(`\n${failures.map((failure) => `${failure.name} failed:\n${failure.error}`).join('\n\n')}\n`);
  process.exitCode = 1;
}
