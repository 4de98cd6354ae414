import * as grpc from '@grpc/grpc-js';
import { InvalidFieldError, NotFoundError, parseTraceparent, type Logger } from '@helios/core';
import { requestSeconds, requestsTotal } from './metrics.ts';

/**
 * The gRPC status of an error from a handler: a broken rule is INVALID_ARGUMENT, an unknown user
 * NOT_FOUND, a corrupt stored value INTERNAL, and anything else is the store failing: UNAVAILABLE,
 * which tells the caller a retry may succeed.
 */
export function statusOf(error: unknown): grpc.status {
  if (error instanceof InvalidFieldError) return grpc.status.INVALID_ARGUMENT;
  if (error instanceof NotFoundError) return grpc.status.NOT_FOUND;
  if (error instanceof SyntaxError) return grpc.status.INTERNAL;
  return grpc.status.UNAVAILABLE;
}

/**
 * Wraps one RPC's logic as a grpc-js unary handler: answers its result or the error's status with the
 * error's message, counts and times the call by method and status, and logs it with the caller's
 * trace id (metadata `traceparent`): failures of ours at warn, the caller's mistakes at info, the rest at
 * debug, because a lookup per bid is too many lines for info.
 */
export function unaryHandler<Request, Response>(options: {
  method: string;
  logger: Logger;
  run: (request: Request, log: Logger) => Promise<Response>;
}): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const started = performance.now();
    const trace = parseTraceparent(call.metadata.get('traceparent')[0]);
    const log = options.logger.child({ method: options.method, traceId: trace?.traceId });
    options.run(call.request, log).then(
      (response) => {
        finish(grpc.status.OK);
        callback(null, response);
      },
      (error: unknown) => {
        const code = statusOf(error);
        const message = error instanceof Error ? error.message : String(error);
        finish(code, message);
        callback({ code, details: message, metadata: new grpc.Metadata() }, null);
      },
    );

    function finish(code: grpc.status, message?: string) {
      const codeName = grpc.status[code];
      const seconds = (performance.now() - started) / 1_000;
      requestsTotal.inc({ method: options.method, code: codeName });
      requestSeconds.observe({ method: options.method, code: codeName }, seconds);
      const fields = { code: codeName, ms: Math.round(seconds * 1e5) / 100, error: message };
      if (code === grpc.status.UNAVAILABLE || code === grpc.status.INTERNAL) log.warn(fields, 'request failed');
      else if (code === grpc.status.INVALID_ARGUMENT) log.info(fields, 'request rejected');
      else log.debug(fields, 'request served');
    }
  };
}
