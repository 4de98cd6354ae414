import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The JSON logger of one function. Each line carries `service`; handlers add `requestId` and `traceId`
 * with `logger.child(...)`. Level from HELIOS_LOG_LEVEL, read by the caller's config.
 */
export function createLogger(options: { service: string; level?: string }): Logger {
  return pino({
    name: options.service,
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
