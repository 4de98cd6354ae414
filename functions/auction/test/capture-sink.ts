import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type CloudEvent } from 'cloudevents';

/** A stand-in for a KafkaSink's ingress: records the CloudEvents POSTed to it and answers `status`. */
export interface CaptureSink {
  readonly url: string;
  readonly events: CloudEvent<unknown>[];
  readonly headers: http.IncomingHttpHeaders[];
  /** what the next requests are answered: 202 as a KafkaSink does once the record is in Kafka */
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
        sink.events.push(
          HTTP.toEvent({
            headers: request.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }) as CloudEvent<unknown>,
        );
      }
      response.writeHead(sink.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sink: CaptureSink = {
    url: `http://127.0.0.1:${port}/`,
    events: [],
    headers: [],
    status: 202,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return sink;
}
