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
export { createBidRequestEvent, readBidRequestEvent } from './bid-request-event.ts';
export { createBidResponseEvent, readBidResponseEvent, summarizeBidRequest } from './bid-response-event.ts';
export { createBidReplyEvent, readBidReplyEvent, REQUEST_REPLY_ATTRIBUTES } from './bid-reply-event.ts';
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
export { parseJsonBody, MAX_JSON_DEPTH } from './parse-json-body.ts';
export { seededRandom } from './seeded-random.ts';
export { NO_BID_REASON } from './openrtb.ts';
export { DEAD_LETTER_EXTENSIONS, readDeadLetterError, withoutDeadLetterExtensions } from './dead-letter.ts';

export type { ErrorCode, HeliosErrorOptions } from './errors.ts';
export type { DeadLetterError } from './dead-letter.ts';
export type { Environment, LogLevel } from './env.ts';
export type { Logger } from './logger.ts';
export type { TraceContext } from './trace.ts';
export type { Emitter, SinkEmitterOptions, EventRequester, EventAnswer } from './emitter.ts';
export type { EventType, RequestFormat } from './events.ts';
export type { BidRequestEvent, BidRequestEventOptions } from './bid-request-event.ts';
export type {
  BidCampaign,
  BidRequestSummary,
  BidResponseEvent,
  BidResponseEventOptions,
} from './bid-response-event.ts';
export type { BidReplyEvent, BidReplyEventOptions } from './bid-reply-event.ts';
export type { AuctionOutcome, OutcomeStatus, ReadAuctionOutcome } from './auction-outcome-event.ts';
export type { Problem } from './field-rules.ts';
export type * from './openrtb.ts';
export type { Creative } from './creative.ts';
export { readHttpEvent, readHttpEventBatch, httpEventMode } from './cloudevents/read-http-event.ts';
export { decodeHeaderValue, encodeHeaderValue } from './cloudevents/header-value.ts';
export { eventMessage, REQUIRED_ATTRIBUTES, SPEC_VERSIONS } from './cloudevents/event-message.ts';
export { toBinaryHttp } from './cloudevents/binary-http.ts';
export { readBody } from './cloudevents/read-body.ts';
export type { EventMessage } from './cloudevents/event-message.ts';
export type { HttpEventMode, BatchEntry } from './cloudevents/read-http-event.ts';
