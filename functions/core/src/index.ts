export {
  ERROR_CODES,
  HeliosError,
  InvalidFieldError,
  InvalidJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UnauthorizedError,
  RateLimitedError,
  NotFoundError,
  MethodNotAllowedError,
  DependencyUnavailableError,
  errorResponse,
} from './errors.ts';
export { EnvReader, ConfigError, readEnvironment, LOG_LEVELS } from './env.ts';
export { createLogger } from './logger.ts';
export { metricsRegistry, prometheus, exposeOnRuntimeMetrics, counter, histogram } from './metrics.ts';
export { parseTraceparent, childSpan, formatTraceparent } from './trace.ts';
export { createSinkEmitter } from './emitter.ts';
export { eventData } from './event-data.ts';
export { EVENT_TYPES, EVENT_SOURCES } from './events.ts';
export { seededRandom } from './seeded-random.ts';
export { NO_BID_REASON } from './openrtb.ts';
export { DEAD_LETTER_EXTENSIONS, readDeadLetterError, withoutDeadLetterExtensions } from './dead-letter.ts';

export type { ErrorCode, HeliosErrorOptions } from './errors.ts';
export type { DeadLetterError } from './dead-letter.ts';
export type { Environment, LogLevel } from './env.ts';
export type { Logger } from './logger.ts';
export type { TraceContext } from './trace.ts';
export type { Emitter, SinkEmitterOptions } from './emitter.ts';
export type {
  EventType,
  RequestFormat,
  BidRequestEvent,
  BidResponseEvent,
  AuctionOutcome,
  OutcomeStatus,
} from './events.ts';
export type * from './openrtb.ts';
