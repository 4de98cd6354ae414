/**
 * Ingest's configuration, read from the environment once at load through core's readers: every bad value
 * is reported together, and the result is frozen.
 */
import { readEnvironment } from '@helios/core';

const env = readEnvironment();

// K_SINK is required, and must be an http(s) URL: both readers report their own problem.
const sink = env.requiredString('K_SINK');
env.optionalUrl('K_SINK', ['http:', 'https:']);

export const config = env.done({
  /** FUNC_PORT wins over PORT, as faas-js-runtime's CLI decides (bin/cli.js), so both launchers agree. */
  port: env.integer('FUNC_PORT', env.integer('PORT', 8080, { min: 1, max: 65535 }), { min: 1, max: 65535 }),
  logLevel: env.logLevel('HELIOS_LOG_LEVEL'),
  sink,
  ceOverrides: env.jsonObject('K_CE_OVERRIDES'),
  sinkTimeoutMs: env.integer('HELIOS_SINK_TIMEOUT_MS', 2_000, { min: 1, max: 60_000 }),
  /** CloudEvents HTTP binding: receivers should accept at least 64 KiB. */
  maxBodyBytes: env.integer('HELIOS_MAX_BODY_BYTES', 65_536, { min: 1_024, max: 10_485_760 }),
  defaultFloorCpm: env.number('HELIOS_DEFAULT_FLOOR_CPM', 0.1, { min: 0 }),
  /**
   * Helios JSON carries no tmax. Its bid is decided after a hop through Kafka, not while the client waits
   * (ingest answers 202 at once), so the default leaves room for that hop on a loaded machine; OpenRTB
   * requests bring their own tmax.
   */
  defaultTmaxMs: env.integer('HELIOS_DEFAULT_TMAX_MS', 500, { min: 1, max: 60_000 }),
  /**
   * POST /openrtb2/bid: the RequestReply's address (func.yaml sets the in-cluster one; the local cluster its
   * own). Unset, the synchronous endpoint answers 503.
   */
  requestReplyUrl: env.optionalUrl('HELIOS_REQUEST_REPLY_URL', ['http:', 'https:']),
  /**
   * Kept back from tmax for the answer's way out (writing it, and the network to the exchange, which tmax
   * includes: OpenRTB 2.6 §3.2.1): ingest answers by receivedAt + tmax − margin.
   */
  syncMarginMs: env.integer('HELIOS_SYNC_MARGIN_MS', 10, { min: 0, max: 1_000 }),
});

export type IngestConfig = typeof config;
