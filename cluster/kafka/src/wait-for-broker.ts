import { setTimeout as sleep } from 'node:timers/promises';
import { Admin } from '@platformatic/kafka';

export interface WaitForBrokerOptions {
  readonly bootstrap: string;
  readonly timeoutMs: number;
  /** Called between attempts; throwing stops the wait (e.g. when the broker process has died). */
  readonly check?: () => void;
}

/**
 * Resolves once the broker answers a metadata request listing at least one broker, which is when a
 * client can produce and join groups. An open port is not enough: the socket accepts before the KRaft
 * controller has elected itself. Throws after `timeoutMs` with the last client error.
 */
export async function waitForBroker(options: WaitForBrokerOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    options.check?.();
    if ((lastError = await metadataError(options.bootstrap)) === undefined) return;
    await sleep(250);
  }
  throw new Error(`Kafka at ${options.bootstrap} did not answer a metadata request within ${options.timeoutMs} ms`, {
    cause: lastError,
  });
}

/** One metadata request without the client's own retries: undefined when it succeeded, else the error. */
export async function metadataError(bootstrap: string): Promise<unknown> {
  const admin = new Admin({
    clientId: 'helios-kafka-probe',
    bootstrapBrokers: [bootstrap],
    retries: 0,
    timeout: 2_000,
  });
  try {
    const metadata = await admin.metadata({ topics: [] });
    return metadata.brokers.size > 0 ? undefined : new Error('metadata lists no broker yet');
  } catch (error) {
    return error;
  } finally {
    await admin.close().catch(() => undefined);
  }
}
