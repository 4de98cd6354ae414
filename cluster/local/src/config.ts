import { ConfigError, readEnvironment, type Environment, type LogLevel } from '@helios/core';

/**
 * The local cluster's configuration, read from the environment once (by main.ts) and validated whole:
 * one error lists every bad variable. createLocalCluster takes the same shape, so tests pass their own.
 */
export interface ClusterConfig {
  /** HELIOS_PORT: the ingress, the one port a user talks to (Kourier's role). 0 picks a free port. */
  readonly port: number;
  /** HELIOS_HOST: the interface the ingress listens on. */
  readonly host: string;
  /** DATABASE_URL: an external Postgres; unset runs the embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** REDIS_URL: the Redis of profiles and spend; unset, the cluster runs one for every function. */
  readonly redisUrl: string | undefined;
  /** KAFKA_BROKERS: a real Kafka; empty runs the embedded event log. */
  readonly kafkaBrokers: readonly string[];
  /** HELIOS_SEED: load the demo profiles and campaigns at start. */
  readonly seed: boolean;
  /** HELIOS_DATA_DIR: where the embedded PGlite keeps its files; unset keeps it in memory. */
  readonly dataDir: string | undefined;
  /** HELIOS_LOG_LEVEL: the level of the cluster's and every function's logs. */
  readonly logLevel: LogLevel;
  /** HELIOS_DASHBOARD: build and run the Next.js dashboard. */
  readonly dashboard: boolean;
  /** HELIOS_DISPATCH_CONCURRENCY: records each dispatcher holds at once (an unordered source's parallelism). */
  readonly dispatchConcurrency: number;
  /** HELIOS_REQUEST_REPLY_REPLICAS: replicas of each RequestReply (Knative's request-reply StatefulSet). */
  readonly requestReplyReplicas: number;
  /**
   * HELIOS_REQUEST_REPLY_KEY: base64 of the key (≥ 32 bytes) that signs correlation ids, as Knative keeps one
   * per RequestReply in Secret request-reply-keys; unset, a random key is made at each start.
   */
  readonly requestReplyKey: string | undefined;
}

export const CLUSTER_DEFAULTS: ClusterConfig = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  databaseUrl: undefined,
  redisUrl: undefined,
  kafkaBrokers: [],
  seed: true,
  dataDir: undefined,
  logLevel: 'info',
  dashboard: true,
  dispatchConcurrency: 100,
  requestReplyReplicas: 2,
  requestReplyKey: undefined,
});

/**
 * Variables the cluster sets on each child itself; a value inherited from the shell must not leak past
 * them (a stray PORT would put every function on one port).
 */
const CLUSTER_CONTROLLED = ['PORT', 'FUNC_PORT', 'K_SINK', 'K_SERVICE', 'K_CE_OVERRIDES', 'DATABASE_URL', 'REDIS_URL'];

/**
 * Reads the cluster's variables from `env`. Throws ConfigError naming every invalid one; returns the
 * config frozen.
 */
export function readClusterConfig(env: Environment = process.env): ClusterConfig {
  const reader = readEnvironment(env);
  const dataDir = reader.optionalString('HELIOS_DATA_DIR');
  const databaseUrl = reader.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
  const problems: string[] = [];
  // Both set means someone expects their data in one place and would find it in the other.
  if (dataDir !== undefined && env['DATABASE_URL']?.trim()) {
    problems.push('HELIOS_DATA_DIR applies to the embedded database only; unset it or DATABASE_URL');
  }
  let config: ClusterConfig;
  try {
    config = reader.done(readValues(reader, dataDir, databaseUrl));
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...problems]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readValues(
  reader: ReturnType<typeof readEnvironment>,
  dataDir: string | undefined,
  databaseUrl: string | undefined,
): ClusterConfig {
  return {
    port: reader.integer('HELIOS_PORT', CLUSTER_DEFAULTS.port, { min: 0, max: 65_535 }),
    host: reader.string('HELIOS_HOST', CLUSTER_DEFAULTS.host),
    databaseUrl,
    redisUrl: reader.optionalUrl('REDIS_URL', ['redis:', 'rediss:']),
    kafkaBrokers: reader.list('KAFKA_BROKERS', []),
    seed: reader.boolean('HELIOS_SEED', CLUSTER_DEFAULTS.seed),
    dataDir,
    logLevel: reader.logLevel('HELIOS_LOG_LEVEL', CLUSTER_DEFAULTS.logLevel),
    dashboard: reader.boolean('HELIOS_DASHBOARD', CLUSTER_DEFAULTS.dashboard),
    dispatchConcurrency: reader.integer('HELIOS_DISPATCH_CONCURRENCY', CLUSTER_DEFAULTS.dispatchConcurrency, {
      min: 1,
      max: 10_000,
    }),
    requestReplyReplicas: reader.integer('HELIOS_REQUEST_REPLY_REPLICAS', CLUSTER_DEFAULTS.requestReplyReplicas, {
      min: 1,
      max: 64,
    }),
    requestReplyKey: reader.optionalString('HELIOS_REQUEST_REPLY_KEY'),
  };
}

/**
 * The environment every child process starts from: the shell's (PATH, HOME, proxies), minus what the
 * cluster decides per child.
 */
export function inheritedEnvironment(env: Environment = process.env): Readonly<Record<string, string>> {
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !CLUSTER_CONTROLLED.includes(name)) inherited[name] = value;
  }
  return Object.freeze(inherited);
}
