/**
 * The broker's lifecycle, on its own ports and data dir so it never touches the developer's broker.
 * Needs Java 17+ and Maven (CI has both); skips without them unless HELIOS_REQUIRE_SERVICES=1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { afterAll, describe, expect, it } from 'vitest';
import { freePortPair } from '../../../test/helpers/free-port.ts';
import { servicesRequired } from '../../../test/helpers/services.ts';
import { kafkaBrokerStatus, startKafkaBroker, stopKafkaBroker } from '../src/kafka-broker.ts';

const toolsPresent = ['java', 'mvn'].every((tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0);
if (!toolsPresent) {
  if (servicesRequired)
    throw new Error('Java and Maven are needed to run Kafka, and HELIOS_REQUIRE_SERVICES=1 makes them mandatory');
  console.warn('skipping the Kafka broker lifecycle test: java or mvn is not on PATH');
}

describe.skipIf(!toolsPresent)('the local Kafka broker', () => {
  let dataDir: string | undefined;
  let options: { port: number; dataDir: string };

  afterAll(async () => {
    if (!dataDir) return;
    await stopKafkaBroker(options);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, answers clients, is a no-op when started again, stops, and keeps its topics across a restart', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'helios-kafka-test-'));
    options = { port: await freePortPair(), dataDir };

    const started = await startKafkaBroker(options);
    expect(started).toMatchObject({ running: true, alreadyRunning: false, bootstrap: `127.0.0.1:${options.port}` });
    expect(started.kafkaVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(path.join(dataDir, 'data', 'meta.properties'))).toBe(true);

    const admin = new Admin({ clientId: 'helios-broker-test', bootstrapBrokers: [started.bootstrap] });
    try {
      await admin.createTopics({ topics: ['lifecycle'], partitions: 2, replicas: 1 });
    } finally {
      await admin.close();
    }

    const again = await startKafkaBroker(options);
    expect(again).toMatchObject({ alreadyRunning: true, pid: started.pid });

    expect(await stopKafkaBroker(options)).toBe(true);
    expect(await kafkaBrokerStatus(options)).toMatchObject({ running: false, pid: undefined });
    expect(await stopKafkaBroker(options)).toBe(false);

    const restarted = await startKafkaBroker(options);
    expect(restarted).toMatchObject({ running: true, alreadyRunning: false, jarsDownloaded: false });
    const reader = new Admin({ clientId: 'helios-broker-test', bootstrapBrokers: [restarted.bootstrap] });
    try {
      expect(await reader.listTopics()).toContain('lifecycle');
    } finally {
      await reader.close();
    }
  });

  it('refuses to start over a port another process holds', async () => {
    const port = await freePortPair();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const squatterDir = await mkdtemp(path.join(os.tmpdir(), 'helios-kafka-squat-'));
    try {
      await expect(startKafkaBroker({ port, dataDir: squatterDir })).rejects.toThrow(/taken by another process/);
    } finally {
      squatter.close();
      await rm(squatterDir, { recursive: true, force: true });
    }
  });
});
