import type { CloudEvent } from 'cloudevents';
import type { Context, HealthCheck, StructuredReturn } from 'faas-js-runtime';
import {
  createLogger,
  DependencyUnavailableError,
  errorResponse,
  exposeOnRuntimeMetrics,
  parseTraceparent,
  readDeadLetterError,
} from '@helios/core';
import { config } from './config.ts';
import { deadLetterRow } from './dead-letter-row.ts';
import { deadLettersRecorded, outcomesStored } from './outcome-metrics.ts';
import { outcomeRow } from './outcome-row.ts';
import { createOutcomeStore, type OutcomeStore } from './outcome-store.ts';

exposeOnRuntimeMetrics();
const logger = createLogger({ service: 'analytics', level: config.logLevel });
let store: OutcomeStore | undefined;

/** Opens the connection pool; faas-js-runtime calls it before it listens. */
export function init(): void {
  store ??= createOutcomeStore({
    url: config.databaseUrl,
    maxConnections: config.poolMax,
    timeoutMs: config.databaseTimeoutMs,
  });
}

/** Closes the pool; faas-js-runtime calls it on SIGTERM/SIGINT. */
export async function shutdown(): Promise<void> {
  const closing = store;
  store = undefined;
  await closing?.close();
}

/** Ready while the database answers `select 1`; 503 otherwise, so Knative routes no events here. */
export const readiness: HealthCheck = async (_request, reply) => {
  try {
    await (store ?? unavailable()).ping();
    return 'OK';
  } catch (error) {
    reply.statusCode = 503;
    return errorResponse(error).body;
  }
};

/**
 * Stores one `dev.helios.auction.outcome` exactly once, or, for a dead letter (an event carrying
 * `knativeerrordest`, from the dead_letters topic), records it once for the dashboard's count. Answers 204
 * with an empty body (a Trigger takes a non-empty reply that is not a CloudEvent for a failure), for a
 * redelivered event too; 400 JSON naming the bad field; 503 when the database is unreachable, so the
 * event is redelivered.
 */
export async function handle(_context: Context, event?: CloudEvent<unknown>): Promise<StructuredReturn | undefined> {
  let log = logger.child({ eventId: event?.id, traceId: parseTraceparent(event?.['traceparent'])?.traceId });
  const deadLetter = event !== undefined && readDeadLetterError(event) !== null;
  const counted = deadLetter ? deadLettersRecorded : outcomesStored;
  try {
    const failed = deadLetterRow(event);
    if (failed) {
      const result = await (store ?? unavailable()).insertDeadLetter(failed);
      counted.inc({ result });
      log.warn({ ...failed, result }, 'dead letter recorded');
      return undefined;
    }
    const row = outcomeRow(event);
    log = log.child({ requestId: row.requestId });
    const result = await (store ?? unavailable()).insert(row);
    counted.inc({ result });
    log.debug({ outcomeId: row.id, result }, 'outcome stored');
    return undefined;
  } catch (error) {
    const response = errorResponse(error);
    counted.inc({ result: response.statusCode < 500 ? 'invalid' : 'failed' });
    log[response.statusCode < 500 ? 'warn' : 'error'](
      { err: error },
      deadLetter ? 'dead letter not recorded' : 'outcome not stored',
    );
    return response;
  }
}

function unavailable(): never {
  throw new DependencyUnavailableError('database', new Error('the connection pool is not open (init has not run)'));
}
