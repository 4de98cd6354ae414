import os from 'node:os';
import path from 'node:path';
import { ConfigError, readEnvironment, type Environment } from '@helios/core';

/** Where and how the local broker runs. startKafkaBroker() takes any of these as overrides. */
export interface KafkaBrokerConfig {
  /** HELIOS_KAFKA_PORT: the PLAINTEXT listener on 127.0.0.1; the KRaft controller takes port + 1. */
  readonly port: number;
  /** HELIOS_KAFKA_DATA_DIR: server.properties, partition logs, pid and log file. */
  readonly dataDir: string;
  /** HELIOS_KAFKA_CACHE_DIR: the broker jars, per Kafka version, shared by every checkout. */
  readonly cacheDir: string;
  /** HELIOS_KAFKA_HEAP: the JVM's -Xmx. */
  readonly heap: string;
  /** HELIOS_KAFKA_START_TIMEOUT_MS: how long start waits for the broker to answer clients. */
  readonly startTimeoutMs: number;
}

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../../..');
export const KAFKA_DIR = path.resolve(import.meta.dirname, '..');

/**
 * Reads the broker's variables once. Throws ConfigError naming every invalid one; returns them frozen.
 * The cache follows XDG_CACHE_HOME when set, as other tools on the machine do.
 */
export function readKafkaBrokerConfig(env: Environment = process.env): KafkaBrokerConfig {
  const reader = readEnvironment(env);
  const cacheHome = reader.string('XDG_CACHE_HOME', path.join(os.homedir(), '.cache'));
  const heap = reader.string('HELIOS_KAFKA_HEAP', '512m');
  const problems = /^\d+[kmg]$/i.test(heap)
    ? []
    : [`HELIOS_KAFKA_HEAP must be a JVM size such as 512m (got "${heap}")`];
  let config: KafkaBrokerConfig;
  try {
    config = reader.done({
      port: reader.integer('HELIOS_KAFKA_PORT', 19_092, { min: 1, max: 65_534 }),
      dataDir: path.resolve(REPOSITORY_ROOT, reader.string('HELIOS_KAFKA_DATA_DIR', '.helios/kafka')),
      cacheDir: path.resolve(reader.string('HELIOS_KAFKA_CACHE_DIR', path.join(cacheHome, 'helios', 'kafka'))),
      heap,
      startTimeoutMs: reader.integer('HELIOS_KAFKA_START_TIMEOUT_MS', 90_000, { min: 1_000 }),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...problems]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
