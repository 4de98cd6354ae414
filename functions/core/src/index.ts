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
export { createSinkEmitter, createEventRequester } from './emitter.ts';
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
export type { Emitter, SinkEmitterOptions, EventRequester, EventAnswer } from './emitter.ts';
export type {
  EventType,
  RequestFormat,
  BidRequestEvent,
  BidResponseEvent,
  BidReplyEvent,
  AuctionOutcome,
  OutcomeStatus,
} from './events.ts';
export type * from './openrtb.ts';
export type { Creative } from './creative.ts';
export { readHttpEvent, readHttpEventBatch, httpEventMode } from './cloudevents/read-http-event.ts';
export { decodeHeaderValue, encodeHeaderValue } from './cloudevents/header-value.ts';
export { eventMessage, REQUIRED_ATTRIBUTES, SPEC_VERSIONS } from './cloudevents/event-message.ts';
export { toBinaryHttp } from './cloudevents/binary-http.ts';
export { readBody } from './cloudevents/read-body.ts';
export type { EventMessage } from './cloudevents/event-message.ts';
export type { HttpEventMode, BatchEntry } from './cloudevents/read-http-event.ts';
