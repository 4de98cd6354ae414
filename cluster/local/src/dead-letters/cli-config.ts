import { readEnvironment, type Environment } from '@helios/core';

/** What `npm run dead-letters` reads from its environment. */
export interface DeadLettersConfig {
  /** KAFKA_BROKERS: read the dead-letter topic on this Kafka directly; empty asks the running local cluster. */
  readonly kafkaBrokers: readonly string[];
  /** HELIOS_HOST and HELIOS_PORT: where the running local cluster's ingress listens. */
  readonly clusterUrl: string;
}

/** Reads and validates the command's variables; throws one ConfigError listing every problem. */
export function readDeadLettersConfig(env: Environment = process.env): DeadLettersConfig {
  const reader = readEnvironment(env);
  const host = reader.string('HELIOS_HOST', '127.0.0.1');
  const port = reader.integer('HELIOS_PORT', 8080, { min: 1, max: 65_535 });
  return reader.done({
    kafkaBrokers: reader.list('KAFKA_BROKERS', []),
    clusterUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
  });
}
