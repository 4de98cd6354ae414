/**
 * The fault suite: under steady open-loop load (50 bids/s), one test per fault, each against a Postgres,
 * a Redis and a Kafka broker that this file starts for itself, so stopping them disturbs no one else:
 * Postgres stopped for 30 s, Redis stopped for 15 s (data kept), profile SIGKILLed, a function (auction)
 * SIGKILLed, the Kafka broker restarted, and the whole local cluster SIGKILLed and started again.
 *
 * For each, the bids sent before, during and after the fault are followed to the end: accepted, stored,
 * dead-lettered, duplicated, enriched. Every accepted bid must end stored exactly once (directly, or by
 * replaying its dead letters), and enrichment must come back (over 99% once seen recovered). The figures
 * go to .helios/faults/results.json and the README's "Faults" table. The faults run one after another in
 * this one file (vitest runs a file's tests in order, and the config runs files one at a time).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { postBids } from '../reliability/helpers/bids.ts';
import { createIsolatedRoot, type IsolatedRoot } from '../reliability/helpers/isolated-root.ts';
import { eventually, runSuffix } from '../reliability/helpers/reliability-cluster.ts';
import { deadLetterRequestId, readDeadLetters, type DeadLetterReader } from './helpers/dead-letter-reader.ts';
import { replayDeadLetters } from './helpers/replay-dead-letters.ts';
import {
  faultTable,
  isAccepted,
  phaseFigures,
  recordFaultResult,
  storedOutcomes,
  timeline,
  type FaultResult,
  type StoredOutcome,
} from './helpers/fault-figures.ts';
import { killProcessGroup, processGroupAlive, startFaultCluster, type FaultCluster } from './helpers/fault-cluster.ts';
import { faultToolsAvailable } from './helpers/fault-services.ts';
import { startOwnKafka, type OwnKafka } from './helpers/own-kafka.ts';
import { startOwnPostgres, type OwnPostgres } from './helpers/own-postgres.ts';
import { startOwnRedis, type OwnRedis } from './helpers/own-redis.ts';
import { startSteadyLoad, type SentBid } from './helpers/steady-load.ts';

const available = faultToolsAvailable();

/** Open-loop rate: steady load the 2-core CI machine carries with room to catch up after an outage. */
const RATE = 50;
/** Bids of steady load before the fault (5 s). */
const BEFORE_BIDS = 250;
/** Bids sent once enrichment is seen back: the window the recovery assertion reads (10 s). */
const RECOVERED_BIDS = 500;
/** Enrichment counts as back when this many consecutive stored outcomes are at least 99% enriched. */
const RECOVERY_SAMPLE = 100;
const POSTGRES_OUTAGE_MS = 30_000;
const REDIS_OUTAGE_MS = 15_000;

describe.skipIf(!available)('faults under steady load on real Postgres, Redis and Kafka', () => {
  const suffix = runSuffix();
  const results: FaultResult[] = [];
  let postgres: OwnPostgres | undefined;
  let redis: OwnRedis | undefined;
  let kafka: OwnKafka | undefined;
  let root: IsolatedRoot | undefined;
  let cluster: FaultCluster | undefined;
  let clusterPort: number;
  let pool: pg.Pool;
  let deadLetters: DeadLetterReader | undefined;
  const startedGroups = new Set<number>();

  const startCluster = async (seed: boolean) => {
    cluster = await startFaultCluster({
      rootDir: root!.dir,
      kafkaBrokers: kafka!.brokers,
      databaseUrl: postgres!.url,
      redisUrl: redis!.url,
      port: clusterPort,
      seed,
    });
  };
  const functionProcess = async (name: string) => {
    const found = (await cluster!.processes()).find((entry) => entry.name === name);
    if (!found) throw new Error(`the cluster runs no ${name}`);
    for (const group of found.processGroups) startedGroups.add(group);
    return found;
  };

  beforeAll(async () => {
    [postgres, redis, kafka] = await Promise.all([
      startOwnPostgres({ database: 'helios_faults' }),
      startOwnRedis(),
      startOwnKafka(),
    ]);
    root = await createIsolatedRoot({ suffix });
    clusterPort = await freePort();
    await startCluster(true);
    pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    // Idle clients lose their connection when Postgres stops; that is expected here.
    pool.on('error', () => undefined);
    // Warm-up: a fresh broker and fresh processes are slow at first; the faults start from steady state.
    const warmUp = Array.from({ length: 100 }, (_, index) => `${suffix}-warm-up-${index}`);
    await postBids({ url: cluster!.url, requestIds: warmUp, concurrency: 4 });
    await eventually(
      async () => (await storedOutcomes(pool, `${suffix}-warm-up-`)).size === warmUp.length,
      120_000,
      500,
    );
    deadLetters = await readDeadLetters({
      brokers: kafka.brokers,
      topic: root.topic('dead_letters'),
      group: `fault-suite-dead-letters-${suffix}`,
    });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    for (const group of [...startedGroups, ...(cluster?.knownProcessGroups() ?? [])]) killProcessGroup(group);
    await deadLetters?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await Promise.all([postgres?.remove(), redis?.remove(), kafka?.remove()]);
    await root?.remove();
    if (results.length > 0) console.info(`\nFaults (${RATE} bids/s):\n${faultTable(results)}\n`);
  });

  /** Counts dead letters per request id. */
  const deadLetteredByRequest = () => {
    const counts = new Map<string, number>();
    for (const record of deadLetters!.records) {
      const requestId = deadLetterRequestId(record);
      if (requestId) counts.set(requestId, (counts.get(requestId) ?? 0) + 1);
    }
    return counts;
  };

  /**
   * True when the latest RECOVERY_SAMPLE settled bids are at least 99% enriched. Settled is read in send
   * order and stops at the first accepted bid still in the pipeline: outcomes arrive out of order, and the
   * late ones (expired on a backlog, unenriched) must not be outrun by the early ones. Bids refused by the
   * ingress, and accepted bids now in the dead letters, are passed over.
   */
  const enrichedAgain = (outcomes: ReadonlyMap<string, StoredOutcome>, bids: readonly SentBid[]) => {
    const dead = deadLetteredByRequest();
    const settled: SentBid[] = [];
    for (const bid of bids) {
      if (bid.status === undefined) break;
      if (!isAccepted(bid) || dead.has(bid.requestId)) continue;
      if (!outcomes.has(bid.requestId)) break;
      settled.push(bid);
    }
    const latest = settled.slice(-RECOVERY_SAMPLE);
    const enriched = latest.filter((bid) => outcomes.get(bid.requestId)!.enriched > 0).length;
    return latest.length === RECOVERY_SAMPLE && enriched >= 0.99 * RECOVERY_SAMPLE;
  };

  /**
   * Runs one fault under load: steady load, `inject` (resolves once the service is back), then load until
   * enrichment is seen back and for a window after it; then waits for the pipeline to settle, replays
   * dead letters when some accepted bid is only there, and records and checks the figures.
   */
  const runFault = async (fault: string, inject: () => Promise<void>, note?: string) => {
    const prefix = `${suffix}-${fault.replace(/[^a-z]+/gi, '-').toLowerCase()}`;
    const load = startSteadyLoad({
      url: () => cluster!.url,
      prefix,
      ratePerSecond: RATE,
      maxBids: RATE * 600,
      phase: 'before',
    });
    const sentIn = (...phases: string[]) => load.sent.filter((bid) => phases.includes(bid.phase));
    let secondsToRecover: number;
    try {
      // Steady state first: BEFORE_BIDS sent, and the latest stored outcomes enriched (a previous fault's
      // backlog has drained). Bounded: a pipeline that never settles shows in the 'before' figures.
      await eventually(async () => load.sent.length >= BEFORE_BIDS, 60_000, 50);
      await eventually(async () => enrichedAgain(await storedOutcomes(pool, prefix), sentIn('before')), 60_000, 500);
      load.enterPhase('during');
      await inject();
      const restoredAt = Date.now();
      load.enterPhase('after');

      // Enrichment is back when the latest RECOVERY_SAMPLE stored outcomes of bids sent since are >= 99% enriched.
      await eventually(async () => enrichedAgain(await storedOutcomes(pool, prefix), sentIn('after')), 60_000, 500);
      secondsToRecover = (Date.now() - restoredAt) / 1000;
      load.enterPhase('recovered');
      await eventually(async () => sentIn('recovered').length >= RECOVERED_BIDS, 60_000, 50);
    } finally {
      await load.stop();
    }
    const sent: readonly SentBid[] = load.sent;
    const accepted = sent.filter(isAccepted);

    // Settled: every accepted bid is stored or dead-lettered.
    const unsettled = async () => {
      const outcomes = await storedOutcomes(pool, prefix);
      const dead = deadLetteredByRequest();
      return accepted.filter((bid) => !outcomes.has(bid.requestId) && !dead.has(bid.requestId));
    };
    await eventually(async () => (await unsettled()).length === 0, 240_000, 1_000);

    const notStored = async () => {
      const outcomes = await storedOutcomes(pool, prefix);
      return accepted.filter((bid) => !outcomes.has(bid.requestId)).map((bid) => bid.requestId);
    };
    // What only the dead letters hold is replayed with the dead-letters command, when the repository has one.
    const missingBeforeReplay = await notStored();
    let replayed = 0;
    if (missingBeforeReplay.length > 0) {
      const replay = await replayDeadLetters({ clusterUrl: cluster!.url, requestIds: missingBeforeReplay });
      if (replay && replay.replayed > 0) {
        await eventually(async () => (await notStored()).length === 0, 120_000, 1_000);
        replayed = missingBeforeReplay.length - (await notStored()).length;
      }
    }

    const outcomes = await storedOutcomes(pool, prefix);
    const dead = deadLetteredByRequest();
    const figures = (...phases: string[]) => phaseFigures(sentIn(...phases), outcomes, dead);
    const notOnce = accepted.filter((bid) => outcomes.get(bid.requestId)?.rows !== 1).map((bid) => bid.requestId);
    const result: FaultResult = {
      fault,
      phases: { before: figures('before'), during: figures('during'), after: figures('after', 'recovered') },
      recoveredEnrichment: figures('recovered').enrichment,
      secondsToRecover,
      replayed,
      lostOrDoubled: notOnce.length,
      timeline: timeline(sent, outcomes),
      ...(note ? { notes: note } : {}),
    };
    results.push(result);
    await recordFaultResult(result);
    console.info(`\n${faultTable([result])}\n`);

    expect(notOnce, 'accepted bids not stored exactly once').toEqual([]);
    // No bid stored twice, accepted or not (a bid answered 503 may still have reached the log).
    expect(sent.filter((bid) => (outcomes.get(bid.requestId)?.rows ?? 0) > 1)).toEqual([]);
    expect(result.recoveredEnrichment).toBeGreaterThan(0.99);
    return result;
  };

  /** SIGKILLs a function's process group and resolves once the cluster has it ready again. */
  const killFunction = async (name: string) => {
    const before = await functionProcess(name);
    killProcessGroup(before.processGroups.at(-1)!);
    const back = await eventually(
      async () => {
        const now = await functionProcess(name);
        return now.restarts > before.restarts && now.state === 'ready';
      },
      60_000,
      100,
    );
    if (!back) throw new Error(`${name} was not restarted within 60 s of being killed`);
  };

  it('profile SIGKILLed', { timeout: 600_000 }, async () => {
    await runFault('profile SIGKILLed', () => killFunction('profile'));
  });

  it('a function (auction) SIGKILLed', { timeout: 600_000 }, async () => {
    await runFault('auction SIGKILLed', () => killFunction('auction'));
  });

  it('Redis stopped for 15 s, its data kept', { timeout: 600_000 }, async () => {
    await runFault('Redis stopped 15 s', async () => {
      await redis!.stop();
      await sleep(REDIS_OUTAGE_MS);
      await redis!.start();
    });
  });

  it('Postgres stopped for 30 s', { timeout: 600_000 }, async () => {
    await runFault('Postgres stopped 30 s', async () => {
      await postgres!.stop();
      await sleep(POSTGRES_OUTAGE_MS);
      await postgres!.start();
    });
  });

  it('the Kafka broker restarted', { timeout: 600_000 }, async () => {
    await runFault('Kafka broker restarted', async () => {
      await kafka!.stop();
      await kafka!.start();
    });
  });

  it('the whole cluster SIGKILLed and started again', { timeout: 600_000 }, async () => {
    let orphans: number[] = [];
    await runFault('cluster SIGKILLed', async () => {
      const groups = (await cluster!.processes()).flatMap((entry) => entry.processGroups);
      for (const group of groups) startedGroups.add(group);
      await cluster!.kill();
      // Function processes must not outlive the cluster process, however it died.
      await eventually(async () => groups.every((group) => !processGroupAlive(group)), 15_000, 100);
      orphans = groups.filter(processGroupAlive);
      for (const group of orphans) killProcessGroup(group);
      await startCluster(false);
    });
    expect(orphans, 'function process groups alive 15 s after the cluster was killed').toEqual([]);
  });
});
