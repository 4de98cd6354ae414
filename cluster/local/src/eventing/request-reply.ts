import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DependencyUnavailableError,
  eventMessage,
  HeliosError,
  MethodNotAllowedError,
  NotFoundError,
  readBody,
  readHttpEvent,
  toBinaryHttp,
  type EventMessage,
  type Logger,
} from '@helios/core';
import type { EventLog } from '../event-log/event-log.ts';
import type { RequestReplyRoute, Subscription } from '../routing/routing.ts';
import { signCorrelationId, verifyCorrelationId } from './correlation-id.ts';
import { requestReplyTotal } from './eventing-metrics.ts';
import { messageToRecord } from './kafka-record.ts';

/** The local data plane of one RequestReply: its address, its replicas' reply endpoints and Triggers. */
export interface RequestReplyPlane {
  readonly route: RequestReplyRoute;
  /** The per-replica Triggers that bring the replies back, each to its own replica's reply endpoint. */
  readonly replySubscriptions: readonly Subscription[];
  /** Serves POST <route.path> (a request) and POST <route.path>/replies/<replica> (a reply). */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Answers every waiting request 503 and stops. */
  close(): void;
}

/** One waiting request: the connection a replica holds until its reply comes. */
interface Waiting {
  resolve(reply: EventMessage): void;
}

/**
 * Runs a RequestReply as Knative's request-reply StatefulSet does (knative/eventing v1.22 data plane), with
 * `replicas` replicas in this process: a request (a CloudEvent, binary or structured) goes to the next
 * replica in turn, which sets `<correlationAttribute>: <id>:<signature>:<replica>` (correlation-id.ts),
 * writes it into the Broker's topic and holds the connection. A Trigger per replica, filtered on the reply
 * attribute's `:<replica>` suffix, delivers replies to that replica, which verifies the signature and answers
 * the waiting request 200 with the reply event in binary mode. Not a CloudEvent: 400; the Broker's topic
 * down: 503; no reply within spec.timeout: 504 (Knative v1.22 hard-codes one minute and writes nothing;
 * Helios's callers enforce their own, shorter, deadline anyway). A reply nobody waits for (late, forged,
 * another replica's) is accepted and dropped.
 */
export function createRequestReplyPlane(options: {
  route: RequestReplyRoute;
  replicas: number;
  key: Buffer;
  log: EventLog;
  namespace: string;
  maxBodyBytes?: number;
  logger: Logger;
}): RequestReplyPlane {
  const { route, key, log } = options;
  const logger = options.logger.child({ requestReply: route.name });
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const waiting = Array.from({ length: options.replicas }, () => new Map<string, Waiting>());
  let next = 0;

  const replySubscriptions = waiting.map((_, replica) =>
    Object.freeze({
      kind: 'Trigger' as const,
      name: `${route.name}-replica-${replica}`,
      topics: Object.freeze([route.topic]),
      group: `knative-requestreply-${options.namespace}-${route.name}-${replica}`,
      // A reply to a request made before this replica started has nobody waiting for it.
      initialOffset: 'latest' as const,
      ordering: 'unordered' as const,
      filter: Object.freeze({ suffix: Object.freeze({ [route.replyAttribute]: `:${replica}` }) }),
      delivery: route.delivery,
      subscriber: Object.freeze({ function: `request-reply/${route.name}`, path: `${route.path}/replies/${replica}` }),
      broker: route.broker,
    }),
  );

  const forward = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const message = readHttpEvent(request.headers, await readBody(request, maxBodyBytes));
    const replica = next;
    next = (next + 1) % waiting.length;
    const correlation = signCorrelationId({ key, id: message.attributes['id'] as string, replica });
    const pending = waiting[replica] as Map<string, Waiting>;
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<EventMessage | null>((resolve) => {
      pending.set(correlation, { resolve });
      timer = setTimeout(() => resolve(null), route.timeoutMs);
      response.once('close', () => resolve(null));
    });
    try {
      const forwarded = eventMessage({ ...message.attributes, [route.correlationAttribute]: correlation }, message.data);
      try {
        await log.produce(route.topic, messageToRecord(forwarded));
      } catch (error) {
        throw new DependencyUnavailableError(`broker ${route.broker}`, error);
      }
      const answer = await reply;
      if (response.destroyed) return void requestReplyTotal.inc({ result: 'abandoned' });
      if (!answer) {
        requestReplyTotal.inc({ result: 'timeout' });
        return send(response, 504, { error: { code: 'timeout', message: `no reply within ${route.timeoutMs} ms` } });
      }
      requestReplyTotal.inc({ result: 'replied' });
      const { headers, body } = toBinaryHttp(answer);
      response.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
    } finally {
      clearTimeout(timer);
      pending.delete(correlation);
    }
  };

  const receiveReply = async (replica: number, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const message = readHttpEvent(request.headers, await readBody(request, maxBodyBytes));
    const value = message.attributes[route.replyAttribute];
    const verified = value === undefined ? null : verifyCorrelationId(key, value);
    const target = verified?.replica === replica ? waiting[replica]?.get(value as string) : undefined;
    if (target) target.resolve(message);
    else logger.debug({ replica, reply: value, verified: verified !== null }, 'reply with nobody waiting: dropped');
    response.writeHead(202).end();
  };

  return {
    route,
    replySubscriptions,
    async handle(request, response) {
      try {
        const path = (request.url ?? '/').split('?')[0] as string;
        if (request.method !== 'POST') {
          response.setHeader('allow', 'POST');
          throw new MethodNotAllowedError(request.method ?? '', ['POST']);
        }
        if (path === route.path) return await forward(request, response);
        const replica = Number(path.slice(route.path.length).match(/^\/replies\/(\d+)$/)?.[1]);
        if (!Number.isInteger(replica) || replica >= waiting.length) throw new NotFoundError(`request-reply path ${path}`);
        return await receiveReply(replica, request, response);
      } catch (error) {
        if (!(error instanceof HeliosError)) throw error;
        if (error.status >= 500) logger.warn({ err: error }, 'request-reply failed');
        request.resume();
        send(response, error.status, error);
      }
    },
    close() {
      for (const pending of waiting) pending.clear();
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
    .end(text);
}
