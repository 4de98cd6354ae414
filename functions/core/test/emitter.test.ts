import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSinkEmitter } from '../src/emitter.ts';
import { DependencyUnavailableError, HeliosError } from '../src/errors.ts';

/** A real HTTP sink that answers with the status queued for it and records what it received. */
let nextStatus = 202;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const sink = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body });
    response.writeHead(nextStatus).end(nextStatus >= 400 ? 'refused' : '');
  });
});
let sinkUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/helios/bid-requests`;
});
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));

const event = () =>
  new CloudEvent({ id: 'req-1', source: '/helios/ingest', type: 'dev.helios.bid.request', data: { a: 1 } });

describe('createSinkEmitter', () => {
  it('posts the event in binary content mode and resolves on 202', async () => {
    nextStatus = 202;
    await createSinkEmitter({ sink: sinkUrl }).emit(event());
    const last = received.at(-1)!;
    expect(last.headers['ce-id']).toBe('req-1');
    expect(last.headers['ce-type']).toBe('dev.helios.bid.request');
    expect(JSON.parse(last.body)).toEqual({ a: 1 });
  });

  it('percent-encodes attribute values a header cannot carry as they are (HTTP binding §3.1.3.2)', async () => {
    nextStatus = 202;
    const odd = ' é日本%"🙂 ';
    await createSinkEmitter({ sink: sinkUrl }).emit(event().cloneWith({ id: odd, subject: 'plain' }));
    const { headers } = received.at(-1)!;
    expect(headers['ce-id']).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(headers['ce-id'] as string)).toBe(odd);
    expect(headers['ce-subject']).toBe('plain');
  });

  it('applies K_CE_OVERRIDES extensions to every event', async () => {
    nextStatus = 202;
    await createSinkEmitter({ sink: sinkUrl, overrides: { extensions: { cluster: 'local' } } }).emit(event());
    expect(received.at(-1)!.headers['ce-cluster']).toBe('local');
  });

  it('a sink answering 503 is a retryable dependency failure', async () => {
    nextStatus = 503;
    await expect(createSinkEmitter({ sink: sinkUrl }).emit(event())).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('an unreachable sink is a retryable dependency failure', async () => {
    const emitter = createSinkEmitter({ sink: 'http://127.0.0.1:1/nowhere', timeoutMs: 500 });
    await expect(emitter.emit(event())).rejects.toMatchObject({ status: 503, retryable: true });
  });

  it('a sink rejecting the event with 400 is our bug, not a retry', async () => {
    nextStatus = 400;
    const failure = createSinkEmitter({ sink: sinkUrl }).emit(event());
    await expect(failure).rejects.toBeInstanceOf(HeliosError);
    await expect(failure).rejects.toMatchObject({ status: 500, retryable: false });
  });
});

describe('createSinkEmitter over a kept-alive connection', () => {
  it('sends again on a fresh connection when the sink closes the reused one', async () => {
    // A sink that answers the first request of each connection and drops the connection on the second,
    // as a sink closing an idle keep-alive connection at the moment it is reused does.
    const seen: string[] = [];
    const requestsPerSocket = new WeakMap<object, number>();
    const flaky = http.createServer((request, response) => {
      const count = (requestsPerSocket.get(request.socket) ?? 0) + 1;
      requestsPerSocket.set(request.socket, count);
      if (count > 1) {
        request.socket.destroy();
        return;
      }
      request.resume().on('end', () => {
        seen.push(String(request.headers['ce-id']));
        response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const emitter = createSinkEmitter({ sink: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/` });
    const first = new CloudEvent({ id: 'one', source: '/t', type: 't.t', data: {} });
    const second = new CloudEvent({ id: 'two', source: '/t', type: 't.t', data: {} });
    await emitter.emit(first);
    await emitter.emit(second);
    expect(seen).toEqual(['one', 'two']);
    flaky.closeAllConnections();
    await new Promise<void>((resolve) => flaky.close(() => resolve()));
  });
});
