/**
 * Integration tests that need a real service (Postgres, Redis, Kafka) skip with a clear message when it
 * is absent on a developer's machine; with HELIOS_REQUIRE_SERVICES=1 (CI) an absent service fails instead.
 */
import { acceptsConnections } from '../../cluster/local/src/supervisor/readiness.ts';

export const servicesRequired = process.env['HELIOS_REQUIRE_SERVICES'] === '1';

export const TEST_DATABASE_URL = process.env['HELIOS_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env['HELIOS_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const TEST_KAFKA_BROKERS =
  process.env['HELIOS_TEST_KAFKA_BROKERS'] ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';

/** True when something accepts TCP connections at host:port within the timeout. */
export function isReachable(hostPort: string, timeoutMs = 1_000): Promise<boolean> {
  const [host, port] = splitHostPort(hostPort);
  return acceptsConnections(host, port, timeoutMs);
}

function splitHostPort(value: string): [string, number] {
  const url = value.includes('://') ? new URL(value) : new URL(`tcp://${value}`);
  return [url.hostname || '127.0.0.1', Number(url.port)];
}

/**
 * Resolves to true when the service is reachable. Otherwise, with HELIOS_REQUIRE_SERVICES=1 it throws,
 * and without it warns once and resolves to false, so the suite can `describe.skipIf(!available)`.
 */
export async function serviceAvailable(name: string, address: string): Promise<boolean> {
  const hostPort = address.includes('://') ? address : address.split(',')[0]!;
  const [host, port] = splitHostPort(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`);
  if (await isReachable(`${host}:${port}`)) return true;
  const message = `${name} is not reachable at ${host}:${port}`;
  if (servicesRequired) throw new Error(`${message}, and HELIOS_REQUIRE_SERVICES=1 makes it mandatory`);
  console.warn(`skipping ${name} integration tests: ${message} (start it, or see the README's testing section)`);
  return false;
}
