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
export { createBidRequestEvent, readBidRequestEvent } from './bid-request-event.ts';
export { createBidResponseEvent, readBidResponseEvent, summarizeBidRequest } from './bid-response-event.ts';
export { auctionOutcomeId, createAuctionOutcomeEvent, readAuctionOutcomeEvent } from './auction-outcome-event.ts';
export { validateBidRequestFields, isAuctionType, MAX_TMAX_MS } from './bid-request-fields.ts';
export {
  RULES,
  MAX_CPM,
  MAX_ID_LENGTH,
  MAX_TEXT_LENGTH,
  checkOptional,
  isCarriableText,
  isCpm,
  isCurrency,
  isDateTime,
  isId,
  isIntegerArray,
  isNonEmptyString,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isObject,
  isPositiveNumber,
  isStringArray,
} from './field-rules.ts';
export { encodeHeaderValue } from './encode-header-value.ts';
export { seededRandom } from './seeded-random.ts';
export { NO_BID_REASON } from './openrtb.ts';

export type { ErrorCode, HeliosErrorOptions } from './errors.ts';
export type { Environment, LogLevel } from './env.ts';
export type { Logger } from './logger.ts';
export type { TraceContext } from './trace.ts';
export type { Emitter, SinkEmitterOptions } from './emitter.ts';
export type { EventType, RequestFormat } from './events.ts';
export type { BidRequestEvent, BidRequestEventOptions } from './bid-request-event.ts';
export type {
  BidCampaign,
  BidRequestSummary,
  BidResponseEvent,
  BidResponseEventOptions,
} from './bid-response-event.ts';
export type { AuctionOutcome, OutcomeStatus, ReadAuctionOutcome } from './auction-outcome-event.ts';
export type { Problem } from './field-rules.ts';
export type * from './openrtb.ts';
