import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type CloudEvent } from 'cloudevents';
import { encodeHeaderValue } from '@helios/core';

/**
 * A stand-in for the KafkaSink ingress a function's K_SINK points at: it records each CloudEvent POSTed
 * to it, with its headers, and answers `status` (202 as a KafkaSink does once the record is in Kafka;
 * set 503 to play a failing sink). With a `reply` it plays a RequestReply instead, answering each event
 * with the reply event it makes.
 */
export interface CaptureSink {
  readonly url: string;
  readonly events: CloudEvent<unknown>[];
  readonly headers: http.IncomingHttpHeaders[];
  status: number;
  close(): Promise<void>;
}

export interface CaptureSinkOptions {
  /**
   * Plays a RequestReply: the event each recorded one is answered with (200, binary mode), or undefined to
   * answer `status` with no body as a sink does.
   */
  reply?: (event: CloudEvent<unknown>) => CloudEvent<unknown> | undefined;
}

/** Starts a CaptureSink on a free port of 127.0.0.1. */
export async function startCaptureSink(options: CaptureSinkOptions = {}): Promise<CaptureSink> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let reply: CloudEvent<unknown> | undefined;
      if (sink.status < 300) {
        sink.headers.push(request.headers);
        const event = HTTP.toEvent({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        sink.events.push(event as CloudEvent<unknown>);
        reply = options.reply?.(event as CloudEvent<unknown>);
      }
      if (!reply) return void response.writeHead(sink.status).end();
      const message = HTTP.binary(reply);
      const headers = Object.fromEntries(
        Object.entries(message.headers).map(([name, value]) => [
          name,
          name.startsWith('ce-') ? encodeHeaderValue(String(value)) : value,
        ]),
      );
      response.writeHead(200, headers).end(message.body as string);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sink: CaptureSink = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    events: [],
    headers: [],
    status: 202,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sink;
}
