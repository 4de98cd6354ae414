import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { createLogger, type Logger } from '@helios/core';
import { CLUSTER_DEFAULTS, inheritedEnvironment, type ClusterConfig } from './config.ts';
import { startDatabase, type ClusterDatabase } from './database/start-database.ts';
import { selectEventLog } from './event-log/select-event-log.ts';
import type { EventLog } from './event-log/event-log.ts';
import { createDeadLetters } from './dead-letters/dead-letters.ts';
import { normalise } from './dead-letters/replay-route.ts';
import { createDeadLetterProducer } from './eventing/dead-letter.ts';
import { startDispatcher } from './eventing/dispatcher.ts';
import { createRequestReplyPlane, type RequestReplyPlane } from './eventing/request-reply.ts';
import { startSinkIngress } from './eventing/sink-ingress.ts';
import { summarizeHealth, type ClusterHealth } from './ingress/cluster-health.ts';
import { buildRoutesView, type RoutesView } from './ingress/routes-view.ts';
import { assertPortFree } from './ingress/assert-port-free.ts';
import { startIngress } from './ingress/start-ingress.ts';
import { loadRouting } from './routing/load-routing.ts';
import { loadWorkloads, type Workload } from './routing/load-workloads.ts';
import { startRedis, type ClusterRedis } from './redis/start-redis.ts';
import type { Routing, SinkKind } from './routing/routing.ts';
import { seedAddress, seedDemoCampaigns, seedDemoProfiles } from './seed/seed-demo-data.ts';
import { freePort } from './supervisor/free-port.ts';
import { buildDashboardIfStale, startDashboard } from './supervisor/start-dashboard.ts';
import { createStartUpTasks, isPending } from './supervisor/start-up-tasks.ts';
import { assertBuilt, startService, type RunningService } from './supervisor/start-service.ts';

/** The DomainMapping host label of the public bid endpoint, served locally at the ingress's /bid. */
const BID_HOST_LABEL = 'bid';

export interface LocalClusterOptions extends Partial<ClusterConfig> {
  /** The repository root (eventing/, functions/, dashboard/); default: found from this file. */
  readonly rootDir?: string;
  /** The environment children start from; default: this process's, minus what the cluster sets. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where the children's log lines go; null drops them. Default: stdout. */
  readonly output?: Writable | null;
  /** Told each start-up step, for a human watching. */
  readonly onProgress?: (message: string) => void;
  /** How long each process may take to become ready. */
  readonly readyTimeoutMs?: number;
  /** How many demo profiles to seed (default 3000). */
  readonly seedProfiles?: number;
  /** Aborting cancels a start-up in progress (Ctrl-C during `npm start`): it rejects and cleans up. */
  readonly signal?: AbortSignal;
  /**
   * Without REDIS_URL: 'auto' runs `redis-server` when it is on PATH, else the in-process RESP server;
   * 'in-process' always the latter (tests of that fallback). Default 'auto'.
   */
  readonly redis?: 'auto' | 'in-process';
}

export interface LocalCluster {
  /** The ingress: http://<host>:<port>. */
  readonly url: string;
  readonly port: number;
  readonly routing: Routing;
  readonly eventLog: EventLog['kind'];
  readonly database: { readonly kind: ClusterDatabase['kind']; readonly url: string };
  /** The one Redis every function shares (REDIS_URL's, a redis-server the cluster runs, or in-process). */
  readonly redis: { readonly kind: ClusterRedis['kind']; readonly url: string };
  /** The local address of a RequestReply of eventing/ (what its callers' func.yaml env is set to). */
  requestReplyUrl(name: string): string;
  /** A running function's (or 'dashboard''s) base URL, null when there is none. */
  serviceUrl(name: string): string | null;
  health(): Promise<ClusterHealth>;
  routes(): RoutesView;
  /** The supervised processes (functions, dashboard): state, restarts, and the process groups they ran as. */
  processes(): readonly { name: string; state: string; restarts: number; processGroups: readonly number[] }[];
  /** Every process group the cluster ever started: all are empty once `close()` resolved. */
  processGroups(): readonly number[];
  /** Stops everything, in order: ingress, dispatchers (in-flight finish and commit), children, database, log. */
  close(): Promise<void>;
}

/**
 * Starts Helios as Knative would run it, on one machine: routing from eventing/*.yaml, the event log
 * (embedded, or Kafka), the KafkaSink/Broker ingress, the database (embedded PGlite, or Postgres), every
 * function as a supervised child of its own `start` script, one dispatcher per KafkaSource and Trigger,
 * the dashboard, and the ingress on one port. Seeds the demo data unless told not to.
 * Throws (after stopping whatever had started) when any part fails to start.
 */
export async function createLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const config: ClusterConfig = { ...CLUSTER_DEFAULTS, ...withoutUndefined(options) };
  const rootDir = options.rootDir ?? path.resolve(import.meta.dirname, '../../..');
  const progress = options.onProgress ?? (() => {});
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const output = options.output === undefined ? process.stdout : options.output;
  const logger = createLogger({ service: 'local-cluster', level: config.logLevel });
  const closers: { name: string; close: () => Promise<void> }[] = [];
  const services = new Map<string, RunningService>();
  const stopAll = () => closeInReverse(closers, logger);

  const tasks = createStartUpTasks(options.signal);
  const { track, step, checkpoint } = tasks;

  try {
    // Known before the dashboard starts, so its pages can tell a reader where to POST a bid.
    if (config.port !== 0) await assertPortFree(config.host, config.port);
    const ingressPort = config.port === 0 ? await freePort() : config.port;
    progress('reading eventing/*.yaml and functions/*/func.yaml');
    const routing = await loadRouting({
      eventingDir: path.join(rootDir, 'eventing'),
      functionsDir: path.join(rootDir, 'functions'),
    });
    const workloads = await loadWorkloads({
      k8sDir: path.join(rootDir, 'cluster', 'k8s'),
      functions: routing.functions,
    });
    await Promise.all(routing.functions.map((fn) => assertBuilt(fn.dir)));
    const inherited = options.environment ?? inheritedEnvironment();

    progress(config.redisUrl ? `using Redis at ${config.redisUrl}` : 'starting the cluster’s Redis');
    const redis: ClusterRedis = await startRedis({
      url: config.redisUrl,
      inProcess: options.redis === 'in-process',
      environment: inherited,
      logger,
      output,
      readyTimeoutMs,
    });
    // Stopped after every function (closers run in reverse): none loses its store while stopping.
    closers.push({ name: 'redis', close: () => redis.close() });

    progress(
      config.kafkaBrokers.length > 0
        ? `connecting to Kafka at ${config.kafkaBrokers.join(',')}`
        : 'starting the embedded event log',
    );
    const log = await selectEventLog({
      kafkaBrokers: config.kafkaBrokers,
      onRecoverableError: (message, error) => logger.warn({ err: error }, message),
    });
    closers.push({ name: 'event log', close: () => log.close() });
    await log.createTopics(routing.topics);

    // The slow parts run side by side: the dashboard build, the database, profile and its seeding.
    const dashboardBuilt = config.dashboard
      ? track(buildDashboardIfStale({ rootDir, inherited, logLevel: config.logLevel, progress, signal: tasks.signal }))
      : undefined;
    progress(
      config.databaseUrl
        ? 'connecting to Postgres and migrating'
        : `starting the embedded database (PGlite${config.dataDir ? ` in ${config.dataDir}` : ', in memory'}) and migrating`,
    );
    const databaseStarted = track(startDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
    closers.push({ name: 'database', close: async () => (await databaseStarted.catch(() => undefined))?.close() });

    checkpoint();
    const requestReplies = createRequestReplies(routing, log, config, logger);
    const sinkIngress = await startSinkIngress({
      routing,
      log,
      port: 0,
      host: '127.0.0.1',
      logger,
      requestReply: async (request, response) => {
        const path = (request.url ?? '/').split('?')[0] as string;
        const plane = requestReplies.find((candidate) => path.startsWith(candidate.route.path));
        if (plane) return plane.handle(request, response);
        response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: { code: 'not_found', message: `no RequestReply at ${path}` } }));
      },
    });
    closers.push({ name: 'sink ingress', close: () => sinkIngress.close() });
    closers.push({ name: 'request-reply', close: async () => requestReplies.forEach((plane) => plane.close()) });
    const requestReplyUrl = (name: string) => {
      const plane = requestReplies.find((candidate) => candidate.route.name === name);
      if (!plane) throw new Error(`no RequestReply named ${name} in the routing`);
      return `${sinkIngress.url}${plane.route.path}`;
    };
    const sinkUrl = (name: string, kind: SinkKind) => sinkIngress.urlFor(name, kind);
    // Children stop together, after the dispatchers and before the sink ingress they post to.
    closers.push({
      name: 'processes',
      close: async () => void (await Promise.all([...services.values()].map((service) => service.stop()))),
    });

    // Every function gets the one Redis, and every address the manifests name (HELIOS_PROFILE_ADDRESS)
    // as the local port of the function it names, known as soon as that function is started.
    const addressOf = (name: string) => {
      const service = services.get(name);
      return service ? `127.0.0.1:${service.port}` : undefined;
    };
    const addresses = () =>
      Object.fromEntries(
        workloads.addresses.flatMap(({ variable, function: name }) =>
          addressOf(name) ? [[variable, addressOf(name)!]] : [],
        ),
      );
    const start = async (workload: Workload, databaseUrl: string | undefined) => {
      const fn = routing.functions.find((candidate) => candidate.name === workload.function)!;
      const binding = routing.bindings.find((candidate) => candidate.function === fn.name);
      const ownPorts: Record<string, string> = {};
      // A port the pod declares apart from its serving one (profile's metrics): a free one here.
      for (const variable of workload.ownPortVariables) ownPorts[variable] = String(await freePort());
      const service = await startService({
        name: fn.name,
        dir: fn.dir,
        rootDir,
        inherited,
        sink: binding ? sinkUrl(binding.sink, binding.sinkKind) : undefined,
        databaseUrl,
        redisUrl: redis.url,
        addresses: addresses(),
        logLevel: config.logLevel,
        readiness: workload.protocol === 'grpc' ? 'tcp' : '/health/readiness',
        extraEnv: {
          ...Object.fromEntries(
            fn.requestReplyEnvs.map(({ env, requestReply }) => [env, requestReplyUrl(requestReply)]),
          ),
          ...ownPorts,
        },
        logger,
        output,
      });
      services.set(fn.name, service);
      await service.ready(readyTimeoutMs);
    };

    // Warm functions (min-scale 1: profile) start first, as the others call them; one that declares
    // DATABASE_URL waits for the database.
    const warm = workloads.workloads.filter((workload) => workload.warm);
    if (warm.length > 0) {
      progress(`starting ${warm.map((workload) => `${workload.function} (${workload.protocol})`).join(', ')}`);
      await step(
        Promise.all(
          warm.map(async (workload) =>
            start(
              workload,
              workload.declaredVariables.includes('DATABASE_URL') ? (await databaseStarted).url : undefined,
            ),
          ),
        ),
      );
    }
    const profileAddress = seedAddress(addresses());
    const profilesSeeded =
      config.seed && profileAddress
        ? track(
            seedDemoProfiles({ address: profileAddress, count: options.seedProfiles, progress, signal: tasks.signal }),
          )
        : undefined;

    checkpoint();
    const database = await step(databaseStarted);
    // Campaigns go in before the bidder starts, so its first load sees them.
    if (config.seed) await step(seedDemoCampaigns({ database: database.database, progress }));
    const others = workloads.workloads.filter((workload) => !workload.warm);
    progress(`starting ${others.map((workload) => workload.function).join(', ')}`);
    await step(Promise.all(others.map((workload) => track(start(workload, database.url)))));
    await (profilesSeeded && step(profilesSeeded));

    checkpoint();
    progress(`starting ${routing.subscriptions.length} dispatchers (KafkaSources and Triggers)`);
    const dispatchers: { close(): Promise<void> }[] = [];
    // They stop together, first after the ingress: each lets its in-flight deliveries finish and commits them.
    closers.push({
      name: 'dispatchers',
      close: async () => void (await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()))),
    });
    const deadLetter = createDeadLetterProducer({ routing, log });
    for (const subscription of routing.subscriptions) {
      const subscriber = services.get(subscription.subscriber.function);
      if (!subscriber)
        throw new Error(
          `${subscription.kind}/${subscription.name} calls ${subscription.subscriber.function}, which is not running`,
        );
      dispatchers.push(
        await startDispatcher({
          subscription,
          log,
          subscriberUrl: subscriber.url,
          concurrency: config.dispatchConcurrency,
          ...(subscription.delivery.deadLetterSink ? { deadLetter } : {}),
          namespace: routing.namespace,
          logger,
        }),
      );
    }

    // Each RequestReply replica's Trigger delivers replies to that replica, on the sink ingress.
    for (const subscription of requestReplies.flatMap((plane) => plane.replySubscriptions)) {
      dispatchers.push(
        await startDispatcher({
          subscription,
          log,
          subscriberUrl: sinkIngress.url,
          concurrency: config.dispatchConcurrency,
          ...(subscription.delivery.deadLetterSink ? { deadLetter } : {}),
          namespace: routing.namespace,
          logger,
        }),
      );
    }

    checkpoint();
    if (dashboardBuilt) {
      if (await isPending(dashboardBuilt)) progress('the pipeline is running; waiting for the dashboard build');
      await step(dashboardBuilt);
      await step(
        startDashboard({
          rootDir,
          databaseUrl: database.url,
          bidUrl: `http://localhost:${ingressPort}/bid`,
          logLevel: config.logLevel,
          inherited,
          logger,
          output,
          progress,
          readyTimeoutMs: Math.max(readyTimeoutMs, 60_000),
          onStarted: (dashboard) => services.set('dashboard', dashboard),
        }),
      );
    }

    const serviceUrl = (name: string) => {
      const service = services.get(name);
      return service && service.state() === 'ready' ? service.url : null;
    };
    const health = async () => {
      const components: Record<string, string> = {};
      for (const fn of routing.functions) components[fn.name] = services.get(fn.name)?.state() ?? 'down';
      components['eventLog'] = 'ready';
      components['database'] = (await database.ping()) ? 'ready' : 'unreachable';
      if (config.dashboard) components['dashboard'] = services.get('dashboard')?.state() ?? 'down';
      return summarizeHealth(components);
    };
    const routes = () => buildRoutesView({ routing, sinkUrl, functionUrl: (name) => services.get(name)?.url ?? null });

    // A replay goes straight to the subscriber a dead letter failed at, when it is one of ours now.
    const deadLetters = createDeadLetters({
      log,
      routing,
      liveSubscribers: () => {
        const live = new Map<string, string>();
        for (const subscription of routes().subscriptions) {
          const url = subscription.subscriber.url && normalise(subscription.subscriber.url);
          if (!url) continue;
          const name = `${subscription.kind}/${subscription.name}`;
          live.set(url, live.has(url) ? `${live.get(url)}, ${name}` : name);
        }
        return live;
      },
    });
    closers.push({ name: 'dead letters', close: () => deadLetters.close() });

    checkpoint();
    progress(`opening the ingress on ${config.host}:${ingressPort}`);
    const ingress = await startIngress({
      port: ingressPort,
      host: config.host,
      logger,
      // The function that the public bid host (DomainMapping bid.<domain>) maps to serves POST /bid.
      ingestUrl: () => (workloads.domains[BID_HOST_LABEL] ? serviceUrl(workloads.domains[BID_HOST_LABEL]) : null),
      dashboardUrl: () => serviceUrl('dashboard'),
      dashboardEnabled: config.dashboard,
      health,
      routes,
      deadLetters,
    });
    closers.push({ name: 'ingress', close: () => ingress.close() });
    tasks.done();

    let closing: Promise<void> | undefined;
    return {
      url: ingress.url,
      port: ingress.port,
      routing,
      eventLog: log.kind,
      database: { kind: database.kind, url: database.url },
      redis: { kind: redis.kind, url: redis.url },
      serviceUrl,
      requestReplyUrl,
      health,
      routes,
      processes: () =>
        [...services.values()].map((service) => ({
          name: service.name,
          state: service.state(),
          restarts: service.restarts(),
          processGroups: service.processGroups(),
        })),
      processGroups: () => [
        ...[...services.values()].flatMap((service) => service.processGroups()),
        ...redis.processGroups(),
      ],
      close: () => (closing ??= stopAll()),
    };
  } catch (error) {
    await tasks.fail(error);
    await stopAll();
    throw error;
  }
}

/** The local data plane of every RequestReply, signing with the configured key or a random one. */
function createRequestReplies(
  routing: Routing,
  log: EventLog,
  config: ClusterConfig,
  logger: Logger,
): RequestReplyPlane[] {
  const key = config.requestReplyKey ? Buffer.from(config.requestReplyKey, 'base64') : randomBytes(32);
  if (key.length < 32) throw new Error('HELIOS_REQUEST_REPLY_KEY must be the base64 of at least 32 bytes');
  return routing.requestReplies.map((route) =>
    createRequestReplyPlane({
      route,
      replicas: config.requestReplyReplicas,
      key,
      log,
      namespace: routing.namespace,
      logger,
    }),
  );
}

async function closeInReverse(closers: { name: string; close: () => Promise<void> }[], logger: Logger): Promise<void> {
  for (const closer of closers.splice(0).reverse()) {
    try {
      await closer.close();
    } catch (error) {
      logger.error({ err: error, component: closer.name }, 'failed to stop');
    }
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
