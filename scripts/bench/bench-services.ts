import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { acceptsConnections } from '../../cluster/local/src/supervisor/readiness.ts';

/** Real Kafka, Redis and a throwaway Postgres database for the pipeline, or why they are not there. */
export type BenchServices =
  | {
      readonly available: true;
      readonly kafkaBrokers: readonly string[];
      readonly redisUrl: string;
      /** a database made for this run on the Postgres server */
      readonly databaseUrl: string;
      readonly setup: string;
      /** drops the throwaway database */
      release(): Promise<void>;
    }
  | { readonly available: false; readonly reason: string };

/** Where the services are looked for when KAFKA_BROKERS, REDIS_URL and DATABASE_URL are unset: the CI's. */
export const DEFAULT_SERVICES = {
  kafkaBrokers: ['127.0.0.1:19092'],
  redisUrl: 'redis://127.0.0.1:6379',
  postgresUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
} as const;

/**
 * Finds the services the pipeline runs on for its real-services run: KAFKA_BROKERS, REDIS_URL and
 * DATABASE_URL as the cluster reads them, else the local defaults. DATABASE_URL names the server: the run
 * gets a database of its own there (helios_bench_<random>), dropped by `release`, so the bench neither
 * reads nor leaves rows in anyone's data. Never throws: a missing service is a reason.
 */
export async function prepareBenchServices(config: {
  kafkaBrokers: readonly string[];
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
}): Promise<BenchServices> {
  const kafkaBrokers = config.kafkaBrokers.length > 0 ? config.kafkaBrokers : DEFAULT_SERVICES.kafkaBrokers;
  const redisUrl = config.redisUrl ?? DEFAULT_SERVICES.redisUrl;
  const serverUrl = config.databaseUrl ?? DEFAULT_SERVICES.postgresUrl;
  const [kafkaHost, kafkaPort] = splitHostPort(kafkaBrokers[0]!, 9092);
  const redis = new URL(redisUrl);
  const postgres = new URL(serverUrl);
  const checks: [string, Promise<boolean>][] = [
    [`Kafka at ${kafkaBrokers.join(',')}`, acceptsConnections(kafkaHost, kafkaPort)],
    [`Redis at ${redis.host}`, acceptsConnections(redis.hostname, Number(redis.port || 6379))],
    [`Postgres at ${postgres.host}`, acceptsConnections(postgres.hostname, Number(postgres.port || 5432))],
  ];
  const missing: string[] = [];
  for (const [name, check] of checks) if (!(await check)) missing.push(name);
  if (missing.length > 0) return { available: false, reason: `not reachable: ${missing.join(', ')}` };
  const name = `helios_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    return { available: false, reason: `cannot create a database on ${postgres.host}: ${(error as Error).message}` };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    available: true,
    kafkaBrokers,
    redisUrl,
    databaseUrl: databaseUrl.toString(),
    setup: `Kafka ${kafkaBrokers.join(',')}, Redis ${redis.host}, Postgres ${postgres.host}/${name}`,
    async release() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

function splitHostPort(address: string, defaultPort: number): [string, number] {
  const colon = address.lastIndexOf(':');
  return colon > 0 ? [address.slice(0, colon), Number(address.slice(colon + 1))] : [address, defaultPort];
}
