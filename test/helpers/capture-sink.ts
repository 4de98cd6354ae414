import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type CloudEvent } from 'cloudevents';

/**
 * A stand-in for the KafkaSink ingress a function's K_SINK points at: it records each CloudEvent POSTed
 * to it, with its headers, and answers `status` (202 as a KafkaSink does once the record is in Kafka;
 * set 503 to play a failing sink).
 */
export interface CaptureSink {
  readonly url: string;
  readonly events: CloudEvent<unknown>[];
  readonly headers: http.IncomingHttpHeaders[];
  status: number;
  close(): Promise<void>;
}

/** Starts a CaptureSink on a free port of 127.0.0.1. */
export async function startCaptureSink(): Promise<CaptureSink> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (sink.status < 300) {
        sink.headers.push(request.headers);
        const event = HTTP.toEvent({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        sink.events.push(event as CloudEvent<unknown>);
      }
      response.writeHead(sink.status).end();
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
