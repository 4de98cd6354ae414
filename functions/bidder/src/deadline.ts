/**
 * Milliseconds left to answer a bid request: tmax (OpenRTB 2.6 §3.2.1, the exchange's time limit
 * including network latency) counted from when ingest received the request, less a margin kept for
 * sending the answer. Infinity when the request sets no tmax.
 */
export function timeLeftMs(options: {
  tmax: number | undefined;
  receivedAt: Date;
  now: Date;
  marginMs: number;
}): number {
  if (options.tmax === undefined) return Infinity;
  return options.receivedAt.getTime() + options.tmax - options.marginMs - options.now.getTime();
}
