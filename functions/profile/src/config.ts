import { readEnvironment } from '@helios/core';
import { REDIS_URL_REQUIRED } from '@helios/core/redis';

const env = readEnvironment();

/** The profile service's configuration, read once from the environment at load. Throws ConfigError. */
export const config = env.done({
  /** Knative's PORT: where gRPC (h2c) is served */
  port: env.integer('PORT', 8080, { min: 0, max: 65_535 }),
  /** Prometheus /metrics and /healthz, over HTTP/1.1, apart from the gRPC port */
  metricsPort: env.integer('HELIOS_METRICS_PORT', 9464, { min: 0, max: 65_535 }),
  /** the one Redis every instance shares (`npm start` runs one and sets it): there is no per-process fallback */
  redisUrl: env.requiredUrl('REDIS_URL', ['redis:', 'rediss:'], REDIS_URL_REQUIRED),
  redisKeyPrefix: env.string('HELIOS_REDIS_KEY_PREFIX', 'helios:'),
  /** how long in-flight calls may take to finish on SIGTERM before they are cancelled */
  shutdownTimeoutMs: env.integer('HELIOS_SHUTDOWN_TIMEOUT_MS', 10_000, { min: 0 }),
  logLevel: env.logLevel('HELIOS_LOG_LEVEL'),
});
