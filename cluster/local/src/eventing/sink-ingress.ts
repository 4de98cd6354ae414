import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DependencyUnavailableError,
  HeliosError,
  NotFoundError,
  readBody,
  readHttpEvent,
  type Logger,
} from '@helios/core';
import type { EventLog } from '../event-log/event-log.ts';
import type { Routing, SinkKind, SinkRoute } from '../routing/routing.ts';
import { sinkIngressTotal } from './eventing-metrics.ts';
import { messageToRecord } from './kafka-record.ts';

export interface SinkIngressOptions {
  readonly routing: Routing;
  readonly log: EventLog;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  readonly logger: Logger;
  /** Serves the RequestReply paths (`/request-reply/...`); unset, they are 404. */
  readonly requestReply?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Largest body taken, in bytes; Kafka's default message.max.bytes is about 1 MiB. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export interface SinkIngress {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /**
   * The address of a sink, a function's K_SINK. A name that is both a KafkaSink and a Broker resolves to
   * the KafkaSink unless `kind` says otherwise. Throws for a sink not in the routing.
   */
  urlFor(sinkName: string, kind?: SinkKind): string;
  close(): Promise<void>;
}

/**
 * One HTTP server for every KafkaSink and Broker of the routing, as kafka-sink-ingress and
 * kafka-broker-ingress are: POST a CloudEvent (binary or structured mode) to a sink's path and it is
 * written to the sink's topic as a binary-mode record keyed by its partitionkey, then answered 202.
 * Answers 400 (JSON naming the attribute) for what is not a valid CloudEvent, 404 for an unknown path,
 * 405 for a method other than POST, 413 past maxBodyBytes, 503 when the log rejects the record.
 * Paths under `/request-reply/` go to `requestReply` (the local RequestReply data plane).
 */
/** Where RequestReply addresses live on the sink ingress (in Knative, another host: the request-reply Service). */
export const REQUEST_REPLY_PREFIX = '/request-reply/';

export async function startSinkIngress(options: SinkIngressOptions): Promise<SinkIngress> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const routes = new Map(options.routing.sinks.map((sink) => [sink.path, sink]));
  const logger = options.logger.child({ component: 'sink-ingress' });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.url?.startsWith(REQUEST_REPLY_PREFIX) && options.requestReply) return options.requestReply(request, response);
    const route = routes.get((request.url ?? '/').split('?')[0] as string);
    if (!route) return answer(response, 'unknown', new NotFoundError(`sink ${request.url}`));
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return answer(response, route.name, null, 405);
    }
    let record;
    try {
      record = messageToRecord(readHttpEvent(request.headers, await readBody(request, maxBodyBytes).finally(() => request.resume())));
    } catch (error) {
      return answer(response, route.name, error);
    }
    try {
      await options.log.produce(route.topic, record);
    } catch (error) {
      logger.error({ err: error, sink: route.name, topic: route.topic }, 'event log rejected the record');
      return answer(response, route.name, new DependencyUnavailableError('event log', error));
    }
    answer(response, route.name, null, 202);
  };

  const answer = (response: ServerResponse, sink: string, error: unknown, status = 500): void => {
    const known = error instanceof HeliosError ? error : null;
    const code = known ? known.status : status;
    sinkIngressTotal.inc({ sink, status: String(code) });
    if (code >= 400 && code !== 404 && code !== 405) logger.warn({ sink, status: code, err: error }, 'event refused');
    if (!known) {
      response.writeHead(code).end();
      return;
    }
    response.writeHead(code, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(known));
  };

  const server = createServer({ keepAliveTimeout: 30_000 }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'sink ingress failed');
      if (!response.headersSent) answer(response, 'unknown', null, 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, sinks: options.routing.sinks.map((sink) => sink.path) }, 'sink ingress listening');

  return {
    url,
    urlFor(sinkName, kind) {
      const matches = options.routing.sinks.filter((sink) => sink.name === sinkName && (!kind || sink.kind === kind));
      const sink: SinkRoute | undefined = matches.find((candidate) => candidate.kind === 'KafkaSink') ?? matches[0];
      if (!sink) throw new Error(`no ${kind ?? 'KafkaSink or Broker'} named ${sinkName} in the routing`);
      return `${url}${sink.path}`;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests still open after a grace period are cut: their senders see a network error and retry.
      const timer = setTimeout(() => server.closeAllConnections(), 2_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

