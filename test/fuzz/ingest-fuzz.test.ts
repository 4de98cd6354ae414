/**
 * Fuzzes ingest over real HTTP (issue 8: bad input is 400, never 5xx). Ingest runs as it is served, its
 * own process (`node functions/ingest/src/server.ts`, the start entry), with K_SINK a capturing sink and
 * HELIOS_REQUEST_REPLY_URL a stand-in RequestReply that answers each synchronous request at once with the
 * bidder's reply: a bid on the first imp (so /openrtb2/bid answers 200 with a BidResponse, checked against
 * the OpenRTB 2.6 required fields).
 * Every sample request (see test/helpers/sample-requests.ts) is mutated, seeded, into HELIOS_FUZZ_COUNT
 * requests (10,000 by default), each POSTed to one of the paths in turn with a bounded timeout and modest
 * concurrency. Every answer must be 2xx, or 4xx with a JSON body naming the field; the process must
 * still be alive afterwards and accept a valid request; and every event it emitted must be one the
 * bidder's reader accepts. HELIOS_FUZZ_SEED replays a run; the seed is printed, as is every failing case.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from 'cloudevents';
import { createBidReplyEvent, readBidRequestEvent, seededRandom, type BidRequestEvent } from '@helios/core';
import { startCaptureSink, type CaptureSink } from '../helpers/capture-sink.ts';
import { freePort } from '../helpers/free-port.ts';
import { readSampleRequests } from '../helpers/sample-requests.ts';
import { bidResponseProblems } from '../helpers/validate-bid-response.ts';
import { mutateRequest, type FuzzCase } from './mutate-request.ts';

/** The paths fuzzed; /openrtb2/bid is the synchronous endpoint of issue 8. */
const PATHS = (process.env['HELIOS_FUZZ_PATHS'] ?? '/bid,/openrtb2/bid').split(',');
const COUNT = Number(process.env['HELIOS_FUZZ_COUNT'] ?? 10_000);
const SEED = process.env['HELIOS_FUZZ_SEED'] ?? randomBytes(8).toString('hex');
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 5_000;
const INGEST_ENTRY = new URL('../../functions/ingest/src/server.ts', import.meta.url);

interface Answer {
  status: number;
  body: string;
}

/** One POST; rejects when no whole answer arrives within REQUEST_TIMEOUT_MS. */
function post(port: number, path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': String(body.length) },
      timeout: REQUEST_TIMEOUT_MS,
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.end(body);
  });
}

const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };

/** The bidder's reply as the RequestReply hands it back: a bid of 1 CPM on the request's first imp. */
function bidOnFirstImp(event: CloudEvent<unknown>): CloudEvent<unknown> {
  const { request } = event.data as BidRequestEvent;
  const impid = request.imp[0]!.id;
  const response = { id: request.id, seatbid: [{ seat: 'fuzz', bid: [{ id: `${request.id}:1`, impid, price: 1 }] }] };
  return createBidReplyEvent({ response, submitted: true, correlationId: 'fuzz', trace: TRACE });
}

/** Why an answer breaks the contract, or undefined when it keeps it. */
function breach(answer: Answer, path: string): string | undefined {
  // The synchronous endpoint answers a bid (200), a no-bid (204), or 4xx; never 202.
  if (path === '/openrtb2/bid' && answer.status === 202) return 'status 202 on the synchronous endpoint';
  if (answer.status >= 200 && answer.status < 300) return undefined;
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}`;
  try {
    const field = (JSON.parse(answer.body) as { error?: { field?: unknown } }).error?.field;
    return typeof field === 'string' && field !== '' ? undefined : 'a 4xx body without error.field';
  } catch {
    return 'a 4xx body that is not JSON';
  }
}

let sink: CaptureSink;
let requestReply: CaptureSink;
let ingest: ChildProcess;
let port: number;
let output = '';

beforeAll(async () => {
  sink = await startCaptureSink();
  requestReply = await startCaptureSink({ reply: bidOnFirstImp });
  port = await freePort();
  ingest = spawn(process.execPath, [INGEST_ENTRY.pathname], {
    env: {
      ...process.env,
      K_SINK: sink.url,
      HELIOS_REQUEST_REPLY_URL: requestReply.url,
      PORT: String(port),
      FUNC_PORT: '',
      HELIOS_LOG_LEVEL: 'silent',
      FUNC_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ingest.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  ingest.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  // Ready once the runtime answers its readiness probe.
  for (let attempt = 0; ; attempt += 1) {
    if (ingest.exitCode !== null) throw new Error(`ingest exited with ${ingest.exitCode}: ${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/readiness`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 300) throw new Error(`ingest did not become ready: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  if (ingest && ingest.exitCode === null) {
    const exited = new Promise((resolve) => ingest.once('exit', resolve));
    ingest.kill('SIGTERM');
    await exited;
  }
  await sink?.close();
  await requestReply?.close();
});

describe(`ingest under ${COUNT} mutated requests (seed ${SEED})`, () => {
  it('answers every one 2xx, or 4xx naming the field, and stays up, and still accepts a valid request', async () => {
    console.log(
      `fuzz seed ${SEED} (replay with HELIOS_FUZZ_SEED=${SEED}); paths ${PATHS.join(', ')}; ${COUNT} requests`,
    );
    const samples = readSampleRequests();
    expect(samples.length).toBeGreaterThan(0);
    const random = seededRandom(SEED);
    const cases: (FuzzCase & { path: string; sample: string })[] = Array.from({ length: COUNT }, (_, index) => {
      const sample = samples[index % samples.length]!;
      return { ...mutateRequest(sample.body, random), path: PATHS[index % PATHS.length]!, sample: sample.name };
    });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const fuzz = cases[index]!;
        let problem: string | undefined;
        try {
          const answer = await post(port, fuzz.path, fuzz.headers, fuzz.body);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const broken = breach(answer, fuzz.path);
          problem = broken && `${broken}: ${answer.body.slice(0, 300)}`;
        } catch (error) {
          problem = (error as Error).message;
        }
        if (problem) {
          failures.push(
            `#${index} ${fuzz.path} from ${fuzz.sample} (${fuzz.description}) → ${problem}\n` +
              `  headers ${JSON.stringify(fuzz.headers).slice(0, 500)}\n  body ${JSON.stringify(fuzz.body.toString('latin1').slice(0, 500))}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    if (failures.length > 0)
      console.log(`seed ${SEED}: ${failures.length} failing cases, the first:\n${failures.slice(0, 10).join('\n')}`);
    expect(failures.length, `seed ${SEED}, first failing case: ${failures[0]}`).toBe(0);

    expect(ingest.exitCode, output).toBeNull();
    expect(ingest.signalCode, output).toBeNull();
    const before = sink.events.length + requestReply.events.length;
    for (const path of PATHS) {
      const valid = samples.find((sample) => sample.format === 'openrtb')!;
      const answer = await post(port, path, { 'content-type': 'application/json' }, Buffer.from(valid.body));
      expect(answer.status, `${path}: ${answer.body}`).toBe(path === '/openrtb2/bid' ? 200 : 202);
      if (path === '/openrtb2/bid')
        expect(bidResponseProblems(JSON.parse(answer.body), JSON.parse(valid.body))).toEqual([]);
    }
    expect(sink.events.length + requestReply.events.length).toBeGreaterThan(before);

    // Whatever ingest accepted, on either path, the bidder reads.
    const unreadable = [...sink.events, ...requestReply.events].flatMap((event) => {
      try {
        readBidRequestEvent(event);
        return [];
      } catch (error) {
        return [`${event.id}: ${(error as Error).message}`];
      }
    });
    expect(unreadable.length, `seed ${SEED}, first: ${unreadable[0]}`).toBe(0);
  }, 240_000);
});
