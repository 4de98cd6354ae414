import { counter, histogram } from '@helios/core';

/** gRPC requests by method and status code name (OK, NOT_FOUND, INVALID_ARGUMENT, UNAVAILABLE, ...). */
export const requestsTotal = counter('helios_profile_requests_total', 'ProfileService requests', ['method', 'code']);

export const requestSeconds = histogram(
  'helios_profile_request_seconds',
  'ProfileService request latency, seconds',
  ['method', 'code'],
  [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
);
