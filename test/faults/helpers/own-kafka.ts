import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startKafkaBroker, stopKafkaBroker } from '../../../cluster/kafka/src/kafka-broker.ts';
import { freePort } from '../../helpers/free-port.ts';

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

/** A free port whose neighbour (the KRaft controller's) is free too. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const neighbourFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (neighbourFree && port < 65_534) return port;
  }
}
