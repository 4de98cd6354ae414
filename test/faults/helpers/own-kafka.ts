import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startKafkaBroker, stopKafkaBroker } from '../../../cluster/kafka/src/kafka-broker.ts';
import { freePortPair } from '../../helpers/free-port.ts';

/** An Apache Kafka broker of the test's own (what `npm run kafka -- start` runs), on its own ports and data dir. */
export interface OwnKafka {
  readonly brokers: readonly string[];
  /** A controlled shutdown; the data dir (topics, offsets) stays. */
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** Starts the broker on a free port pair (the KRaft controller takes the next port) in a temp data dir. */
export async function startOwnKafka(): Promise<OwnKafka> {
  const broker = { port: await freePortPair(), dataDir: await mkdtemp(path.join(os.tmpdir(), 'helios-faults-kafka-')) };
  const start = async () => void (await startKafkaBroker(broker));
  const stop = async () => void (await stopKafkaBroker(broker));
  await start();
  return {
    brokers: [`127.0.0.1:${broker.port}`],
    start,
    stop,
    async remove() {
      await stop().catch(() => undefined);
      await rm(broker.dataDir, { recursive: true, force: true });
    },
  };
}
