import { pathToFileURL } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { createLogger, type Logger } from '@helios/core';
import { loadProfileService } from '@helios/core/profile';
import { isRedisReady, openRedis } from '@helios/core/redis';
import { startMetricsServer } from './metrics-server.ts';
import { createProfileService } from './profile-service.ts';
import { createProfileStore } from './profile-store.ts';

export interface ProfileServerOptions {
  /** gRPC port; 0 picks a free one */
  port: number;
  /** metrics and /healthz port; 0 picks a free one */
  metricsPort: number;
  host?: string;
  /** REDIS_URL */
  redisUrl: string;
  redisKeyPrefix?: string;
  shutdownTimeoutMs?: number;
  logger?: Logger;
}

export interface ProfileServer {
  readonly port: number;
  readonly metricsPort: number;
  /**
   * Graceful stop: reports NOT_SERVING, lets in-flight calls finish (cancelled after the shutdown
   * timeout), then closes the metrics port and Redis.
   */
  close(): Promise<void>;
}

const SERVICE_NAME = 'helios.profile.v1.ProfileService';

/**
 * Starts the ProfileService over Redis, with the standard gRPC health service (grpc.health.v1) for the
 * whole server ('') and for the ProfileService: SERVING while Redis is connected, NOT_SERVING while it
 * is not. Resolves once both ports listen.
 */
export async function startProfileServer(options: ProfileServerOptions): Promise<ProfileServer> {
  const logger = options.logger ?? createLogger({ service: 'profile' });
  const host = options.host ?? '0.0.0.0';
  const redis = await openRedis({ url: options.redisUrl });
  const health = new HealthImplementation({ '': 'NOT_SERVING', [SERVICE_NAME]: 'NOT_SERVING' });
  let serving = false;
  const setServing = (next: boolean) => {
    if (next === serving) return;
    serving = next;
    const status: ServingStatus = next ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', status);
    health.setStatus(SERVICE_NAME, status);
    logger.info({ status }, next ? 'redis connected' : 'redis unavailable');
  };
  redis.on('ready', () => setServing(true));
  redis.on('close', () => setServing(false));
  setServing(isRedisReady(redis));

  const server = new grpc.Server();
  server.addService(
    loadProfileService().service,
    createProfileService({ store: createProfileStore({ redis, keyPrefix: options.redisKeyPrefix }), logger }),
  );
  health.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const metrics = await startMetricsServer({ port: options.metricsPort, host, healthy: () => serving });
  logger.info({ port, metricsPort: metrics.port }, 'profile service listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    metricsPort: metrics.port,
    close() {
      closing ??= (async () => {
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(SERVICE_NAME, 'NOT_SERVING');
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.forceShutdown(), options.shutdownTimeoutMs ?? 10_000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await metrics.close();
        redis.disconnect();
        logger.info('profile service stopped');
      })();
      return closing;
    },
  };
}

async function main(): Promise<void> {
  const { config } = await import('./config.ts');
  const logger = createLogger({ service: 'profile', level: config.logLevel });
  const server = await startProfileServer({ ...config, logger });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      server.close().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
