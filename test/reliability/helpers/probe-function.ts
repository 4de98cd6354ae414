/**
 * The source of a stand-in subscriber for reliability tests: a plain Node HTTP server that the local
 * cluster runs like a function (PORT, /health/readiness) and that misbehaves on request, as a function
 * whose database is down would. Each accepted event is appended to received.jsonl in its folder.
 *
 * An event's JSON data may carry `failures` (answer 503 to its first n attempts) or `poison` (always
 * 503). `POST /control/outage?ms=N` makes it answer 503 to everything for N ms.
 */
export const PROBE_FUNCTION_SOURCE = String.raw`
import { appendFileSync } from 'node:fs';
import http from 'node:http';

const attempts = new Map();
let outageUntil = 0;

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://probe');
  if (request.method === 'GET' && url.pathname.startsWith('/health')) return response.end('ok');
  if (request.method === 'POST' && url.pathname === '/control/outage') {
    outageUntil = Date.now() + Number(url.searchParams.get('ms'));
    return response.end('outage');
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const id = request.headers['ce-id'];
    const data = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    const refuse = (reason) => {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end(reason);
    };
    if (data.poison) return refuse('poisoned event ' + id);
    if (Date.now() < outageUntil) return refuse('outage');
    if (attempt <= (data.failures ?? 0)) return refuse('failing attempt ' + attempt);
    appendFileSync('received.jsonl', JSON.stringify({ id, key: data.key, seq: data.seq, attempt }) + '\n');
    response.writeHead(202);
    response.end();
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/**
 * A KafkaSink writing topic probe_events (the test posts to it) and an ordered KafkaSource delivering
 * that topic to the probe, with a short exponential policy (5 retries from 0.2 s, 12.4 s in all) so a test sees dead letters in seconds.
 */
export const PROBE_MANIFESTS = `
apiVersion: eventing.knative.dev/v1alpha1
kind: KafkaSink
metadata:
  name: probe-events
  namespace: helios
spec:
  topic: probe_events
  bootstrapServers:
    - helios-kafka-bootstrap.kafka.svc:9092
  numPartitions: 3
  contentMode: binary
---
apiVersion: sources.knative.dev/v1
kind: KafkaSource
metadata:
  name: probe-events
  namespace: helios
spec:
  bootstrapServers:
    - helios-kafka-bootstrap.kafka.svc:9092
  topics:
    - probe_events
  consumerGroup: helios-probe
  initialOffset: earliest
  ordering: ordered
  delivery:
    retry: 5
    backoffPolicy: exponential
    backoffDelay: PT0.2S
    timeout: PT5S
    deadLetterSink:
      ref:
        apiVersion: eventing.knative.dev/v1alpha1
        kind: KafkaSink
        name: dead-letters
  sink:
    ref:
      apiVersion: serving.knative.dev/v1
      kind: Service
      name: probe
`;
