import { counter, histogram } from '@helios/core';

/** Events a dispatcher finished, by outcome: delivered, filtered, dead_lettered, dropped, invalid; and each retry. */
export const dispatchTotal = counter(
  'helios_dispatch_total',
  'Events handled by a subscription dispatcher, by result',
  ['subscription', 'result'],
);

/** One delivery attempt to a subscriber, until its answer (or failure). */
export const dispatchLatency = histogram(
  'helios_dispatch_latency_seconds',
  'Latency of one delivery attempt from a dispatcher to its subscriber',
  ['subscription'],
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

/** Requests to the KafkaSink/Broker ingress, by sink and answered status. */
export const sinkIngressTotal = counter(
  'helios_sink_ingress_total',
  'Requests to the sink ingress, by sink and status',
  ['sink', 'status'],
);

/** Requests through a local RequestReply, by how they ended: replied, timeout, abandoned (the caller left). */
export const requestReplyTotal = counter(
  'helios_request_reply_total',
  'Requests held by a RequestReply replica, by result',
  ['result'],
);
