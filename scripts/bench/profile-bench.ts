/**
 * GetProfile over gRPC through the real profile server and @helios/core's client, one call at a time and
 * 16 at a time, against a bare grpc-js unary echo server and client in the same process at the same
 * concurrency. Redis is the local cluster's in-process RESP server, or REDIS_URL's (under a key prefix of its
 * own, deleted afterwards).
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '@helios/core';
import { createProfileClient } from '@helios/core/profile';
import { openRedis } from '@helios/core/redis';
import { startRespServer } from '../../cluster/local/src/redis/resp-server.ts';
import { demoProfiles } from '../../cluster/local/src/seed/demo-profiles.ts';
import { startProfileServer } from '../../functions/profile/src/server.ts';
import { pairedFigure, type BenchResult, type Figure, type LatencySeries } from './bench-result.ts';
import { runClosedLoop, type LoopRun } from './closed-loop.ts';
import { createEchoClient, startEchoServer } from './grpc-echo.ts';
import type { Progress } from './progress.ts';
import { percentiles, summarize } from './statistics.ts';

const PROFILES = 1_000;
const DEADLINE_MS = 5_000;

export interface ProfileBenchOptions {
  redisUrl: string | undefined;
  rounds: number;
  /** calls per round at concurrency 1 */
  sequentialCalls: number;
  /** calls per round at concurrency 16 */
  concurrentCalls: number;
  progress: Progress;
}

/** Runs the profile benchmark; closes every server and client it opened, also when it fails. */
export async function runProfileBench(options: ProfileBenchOptions): Promise<BenchResult> {
  const { progress } = options;
  const keyPrefix = `helios-bench:${randomBytes(4).toString('hex')}:`;
  const memory = options.redisUrl ? undefined : await startRespServer();
  const server = await startProfileServer({
    port: 0,
    metricsPort: 0,
    host: '127.0.0.1',
    redisUrl: options.redisUrl ?? memory!.url,
    redisKeyPrefix: keyPrefix,
    logger: createLogger({ service: 'profile', level: 'warn' }),
  });
  const echoServer = await startEchoServer();
  const client = createProfileClient({
    address: `127.0.0.1:${server.port}`,
    deadlineMs: DEADLINE_MS,
  });
  const echo = createEchoClient(echoServer.address);
  try {
    await Promise.all([client.waitForReady(10_000), echo.waitForReady(10_000)]);
    progress.line(
      `[profile] seeding ${PROFILES} profiles (${options.redisUrl ? 'Redis at REDIS_URL' : 'in-process RESP server'})`,
    );
    const profiles = demoProfiles({ count: PROFILES });
    const seeded = await runClosedLoop({
      total: profiles.length,
      concurrency: 16,
      call: (index) => {
        const profile = profiles[index]!;
        return client.upsertProfile({
          ...profile,
          interests: [...profile.interests],
          demographics: { ...profile.demographics },
        });
      },
    });
    if (seeded.errors > 0) throw new Error(`seeding profiles failed: ${String(seeded.firstError)}`);
    // The echo payload is a profile as the server stores it, so both sides move about the same bytes.
    const payload = Buffer.from(JSON.stringify(await client.getProfile(profiles[0]!.userId)));
    const userId = (index: number) => profiles[index % PROFILES]!.userId;
    const sides = {
      profile: (index: number) => client.getProfile(userId(index)),
      echo: () => echo.echo(payload, DEADLINE_MS),
    };
    const levels = [
      { concurrency: 1, calls: options.sequentialCalls },
      { concurrency: 16, calls: options.concurrentCalls },
    ];

    progress.line('[profile] warm-up');
    for (const level of levels) {
      for (const call of Object.values(sides)) {
        await runClosedLoop({
          total: Math.ceil(level.calls / 2),
          concurrency: level.concurrency,
          call,
        });
      }
    }
    const runs = levels.map(() => ({
      profile: [] as LoopRun[],
      echo: [] as LoopRun[],
    }));
    for (let round = 0; round < options.rounds; round++) {
      for (const [levelIndex, level] of levels.entries()) {
        const order = (round % 2 === 0 ? ['echo', 'profile'] : ['profile', 'echo']) as (keyof typeof sides)[];
        for (const side of order) {
          progress.status(`[profile] round ${round + 1}/${options.rounds}: ${side} c=${level.concurrency}`);
          const run = await runClosedLoop({
            total: level.calls,
            concurrency: level.concurrency,
            call: sides[side],
          });
          if (run.errors > 0) throw new Error(`${side} calls failed: ${String(run.firstError)}`);
          runs[levelIndex]![side].push(run);
        }
      }
      const [sequential, concurrent] = runs.map((level) => ({
        profile: level.profile.at(-1)!,
        echo: level.echo.at(-1)!,
      }));
      progress.line(
        `[profile] round ${round + 1}/${options.rounds}: c=1 ${Math.round(sequential!.profile.rate)} vs ${Math.round(sequential!.echo.rate)} calls/s; c=16 ${Math.round(concurrent!.profile.rate)} vs ${Math.round(concurrent!.echo.rate)} calls/s (GetProfile vs echo)`,
      );
    }

    const figures: Figure[] = [];
    const latencies: LatencySeries[] = [];
    for (const [levelIndex, level] of levels.entries()) {
      const { profile, echo: baseline } = runs[levelIndex]!;
      const tag = `c=${level.concurrency}`;
      const stat = (list: LoopRun[], p: 50 | 90 | 99) => list.map((run) => percentiles(run.latenciesMs, [p])[p]);
      for (const p of [50, 99] as const) {
        figures.push(
          pairedFigure({
            name: `GetProfile ${tag} p${p}`,
            unit: 'ms',
            direction: 'lower-is-better',
            baselineName: `echo ${tag} p${p}`,
            values: stat(profile, p),
            baselines: stat(baseline, p),
          }),
        );
      }
      figures.push(
        pairedFigure({
          name: `GetProfile ${tag} throughput`,
          unit: 'calls/s',
          direction: 'higher-is-better',
          baselineName: `echo ${tag}`,
          values: profile.map((run) => run.rate),
          baselines: baseline.map((run) => run.rate),
        }),
      );
      for (const [label, list, isBaseline] of [
        [`GetProfile ${tag}`, profile, false],
        [`echo ${tag}`, baseline, true],
      ] as const) {
        latencies.push({
          label,
          baseline: isBaseline,
          p50: summarize(stat(list, 50)).median,
          p90: summarize(stat(list, 90)).median,
          p99: summarize(stat(list, 99)).median,
        });
      }
    }
    return {
      name: 'profile',
      title: 'profile lookup over gRPC',
      rounds: options.rounds,
      figures,
      latencies,
      notes: [
        `GetProfile through @helios/core/profile createProfileClient to startProfileServer (${options.redisUrl ? 'Redis at REDIS_URL' : 'in-process RESP server'}), ${PROFILES} seeded profiles, every call a hit; baseline: bare grpc-js unary echo of a ${payload.length}-byte payload, same process, same concurrency.`,
        `${options.sequentialCalls} calls per round at c=1, ${options.concurrentCalls} at c=16.`,
      ],
    };
  } finally {
    client.close();
    echo.close();
    await Promise.allSettled([server.close(), echoServer.close()]);
    await memory?.close();
    if (options.redisUrl) await deleteKeys(options.redisUrl, keyPrefix);
  }
}

/** Leaves a shared Redis as it was: every key the benchmark wrote is under its own prefix. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = await openRedis({ url });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
