/**
 * Ingest's start entry (`npm start` runs build/server.js). faas-js-runtime routes only `/`, and parses
 * CloudEvents and JSON itself before `handle` runs, answering 500 or Fastify's own errors for bad ones.
 * Rather than fork the runtime, this starts it with `start()` as its CLI would, then puts one 'request'
 * listener in front of its own: POST /bid reaches the runtime as `/`, with the body read and size-checked
 * here and handed over as opaque bytes (bid-route.ts). Health, readiness and /metrics stay the runtime's.
 */
import type { RequestListener, Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import runtime, { type InvokerOptions } from 'faas-js-runtime';
import { createBidRoute } from './bid-route.ts';
import { config } from './config.ts';
import * as ingest from './index.ts';
import { recordIngest } from './ingest-metrics.ts';

export interface StartIngestOptions {
  /** defaults to FUNC_PORT, else PORT, else 8080; the runtime reads 0 as 8080, so tests pass a free port */
  port?: number;
  /** the runtime's log level; defaults to FUNC_LOG_LEVEL */
  logLevel?: string;
}

/**
 * Starts ingest: the runtime with src/index.ts, fronted by the /bid route. Resolves with the listening
 * http.Server (close it to stop). Throws if the runtime's server does not have exactly one 'request'
 * listener to put the route in front of, which would mean a runtime this code was not written for.
 */
export async function startIngest(options: StartIngestOptions = {}): Promise<Server> {
  const server = await runtime.start(ingest, {
    port: options.port ?? config.port,
    logLevel: options.logLevel ?? config.runtimeLogLevel,
    bodyLimit: config.maxBodyBytes,
  } as unknown as InvokerOptions);
  const listeners = server.listeners('request') as RequestListener[];
  const [runtimeListener] = listeners;
  if (listeners.length !== 1 || !runtimeListener) {
    throw new Error(`faas-js-runtime's server has ${listeners.length} request listeners; ingest expects exactly one`);
  }
  server.removeListener('request', runtimeListener);
  server.on(
    'request',
    createBidRoute({
      runtime: runtimeListener,
      maxBodyBytes: config.maxBodyBytes,
      onRejected: (error) => recordIngest({ format: 'unknown', outcome: 'rejected', code: error.code }),
    }),
  );
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await startIngest();
}
