import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptsConnections } from '../../local/src/supervisor/readiness.ts';
import { ensureBrokerJars } from './broker-jars.ts';
import { KAFKA_DIR, readKafkaBrokerConfig, type KafkaBrokerConfig } from './kafka-config.ts';
import { renderServerProperties } from './server-properties.ts';
import { runTool } from './run-tool.ts';
import { waitForBroker } from './wait-for-broker.ts';

/** Overrides of the environment's broker config, plus where progress lines go (nowhere by default). */
export interface KafkaBrokerOptions extends Partial<KafkaBrokerConfig> {
  readonly log?: (line: string) => void;
}

export interface KafkaBrokerStatus {
  readonly running: boolean;
  readonly pid: number | undefined;
  /** host:port for KAFKA_BROKERS. */
  readonly bootstrap: string;
  readonly dataDir: string;
  readonly logFile: string;
}

export interface KafkaBrokerStart extends KafkaBrokerStatus {
  /** True when a broker from this data dir was already running and start did nothing. */
  readonly alreadyRunning: boolean;
  readonly kafkaVersion: string | undefined;
  readonly jarsDownloaded: boolean;
  readonly elapsedMs: number;
}

const STOP_GRACE_MS = 30_000;

let environmentConfig: KafkaBrokerConfig | undefined;

function resolveConfig(options: KafkaBrokerOptions): KafkaBrokerConfig {
  // Read once, on first use rather than at import, so a test passing every option needs no valid env.
  const defaults = (environmentConfig ??= readKafkaBrokerConfig());
  return {
    port: options.port ?? defaults.port,
    dataDir: path.resolve(options.dataDir ?? defaults.dataDir),
    cacheDir: options.cacheDir ?? defaults.cacheDir,
    heap: options.heap ?? defaults.heap,
    startTimeoutMs: options.startTimeoutMs ?? defaults.startTimeoutMs,
  };
}

function files(dataDir: string) {
  return {
    pid: path.join(dataDir, 'kafka.pid'),
    log: path.join(dataDir, 'kafka.log'),
    properties: path.join(dataDir, 'server.properties'),
    logDir: path.join(dataDir, 'data'),
  };
}

/** Whether the local broker of a data dir runs: its pid file names a live kafka.Kafka process. */
export async function kafkaBrokerStatus(options: KafkaBrokerOptions = {}): Promise<KafkaBrokerStatus> {
  const config = resolveConfig(options);
  const paths = files(config.dataDir);
  const pid = await readPid(paths.pid);
  const running = pid !== undefined && isBrokerProcess(pid);
  return {
    running,
    pid: running ? pid : undefined,
    bootstrap: `127.0.0.1:${config.port}`,
    dataDir: config.dataDir,
    logFile: paths.log,
  };
}

/**
 * Starts a single-node KRaft broker in the background and resolves once it answers clients. Fetches the
 * jars on first use, formats the storage once (a formatted data dir keeps its topics and committed
 * offsets across restarts), and is a no-op when the data dir's broker already runs. Throws when the ports
 * are taken by something else, when Java or Maven fail, or when the broker does not come up in time (the
 * broker is then killed and the end of its log is in the message).
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBrokerStart> {
  const started = Date.now();
  const config = resolveConfig(options);
  const log = options.log ?? (() => undefined);
  const status = await kafkaBrokerStatus(config);
  if (status.running) {
    return { ...status, alreadyRunning: true, kafkaVersion: undefined, jarsDownloaded: false, elapsedMs: 0 };
  }
  for (const port of [config.port, config.port + 1]) {
    if (await acceptsConnections('127.0.0.1', port)) {
      throw new Error(`port ${port} on 127.0.0.1 is taken by another process (not the broker of ${config.dataDir})`);
    }
  }
  const jars = await ensureBrokerJars({ pomFile: path.join(KAFKA_DIR, 'pom.xml'), cacheDir: config.cacheDir, log });
  const paths = files(config.dataDir);
  await mkdir(paths.logDir, { recursive: true });
  await writeFile(paths.properties, renderServerProperties({ port: config.port, logDir: paths.logDir }));
  const classPath = `${jars.libDir}/*`;
  if (!existsSync(path.join(paths.logDir, 'meta.properties'))) {
    log(`formatting KRaft storage in ${paths.logDir}`);
    // A Kafka cluster id is 16 random bytes in URL-safe base64, what `StorageTool random-uuid` prints.
    const clusterId = randomBytes(16).toString('base64url');
    await runTool({
      program: 'java',
      args: ['-cp', classPath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', paths.properties],
      what: 'java kafka.tools.StorageTool format',
      missing: 'install a Java 17+ runtime',
    });
  }

  log(`starting Apache Kafka ${jars.version} on 127.0.0.1:${config.port} (log: ${paths.log})`);
  const pid = spawnBroker({ classPath, heap: config.heap, properties: paths.properties, logFile: paths.log });
  await writeFile(paths.pid, `${pid}\n`);
  try {
    await waitForBroker({
      bootstrap: status.bootstrap,
      timeoutMs: config.startTimeoutMs,
      check: () => {
        if (!isAlive(pid)) throw new Error(`the broker exited during start-up:\n${tail(paths.log, 30)}`);
      },
    });
  } catch (error) {
    await stopProcess(pid);
    await rm(paths.pid, { force: true });
    throw new Error(`${(error as Error).message}\n${tail(paths.log, 30)}`, { cause: error });
  }
  const elapsedMs = Date.now() - started;
  log(`Kafka is ready at ${status.bootstrap} (pid ${pid}, ${elapsedMs} ms): export KAFKA_BROKERS=${status.bootstrap}`);
  return {
    ...status,
    running: true,
    pid,
    alreadyRunning: false,
    kafkaVersion: jars.version,
    jarsDownloaded: jars.downloaded,
    elapsedMs,
  };
}

/**
 * Stops the data dir's broker: SIGTERM for a controlled shutdown (it flushes logs and writes a clean
 * shutdown marker), SIGKILL if it has not exited after 30 s. Resolves false when none was running.
 */
export async function stopKafkaBroker(options: KafkaBrokerOptions = {}): Promise<boolean> {
  const status = await kafkaBrokerStatus(options);
  const pidFile = files(status.dataDir).pid;
  if (!status.running || status.pid === undefined) {
    await rm(pidFile, { force: true });
    return false;
  }
  options.log?.(`stopping Kafka (pid ${status.pid})`);
  await stopProcess(status.pid);
  await rm(pidFile, { force: true });
  return true;
}

/** The last `lines` lines of the broker's log file, or an empty string when there is none. */
export function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function spawnBroker(options: { classPath: string; heap: string; properties: string; logFile: string }): number {
  const output = openSync(options.logFile, 'a');
  try {
    const child = spawn(
      'java',
      [
        `-Xmx${options.heap}`,
        '-Xms128m',
        '-Djava.awt.headless=true',
        // A local broker is started often and loaded lightly: start-up CPU matters more than peak throughput.
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Dlog4j2.configurationFile=${path.join(KAFKA_DIR, 'log4j2.properties')}`,
        '-cp',
        options.classPath,
        'kafka.Kafka',
        options.properties,
      ],
      // Detached with its output in a file: the broker outlives `npm run kafka start` and the test run.
      { detached: true, stdio: ['ignore', output, output] },
    );
    child.unref();
    if (child.pid === undefined) throw new Error('cannot start java: is a Java 17+ runtime on PATH?');
    return child.pid;
  } finally {
    closeSync(output);
  }
}

async function stopProcess(pid: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + STOP_GRACE_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  signal(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) still answers signal 0.
  const stat = readProc(pid, 'stat');
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

/** Alive and, where /proc tells, really a Kafka broker: a pid file can outlive a reboot and be reused. */
function isBrokerProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = readProc(pid, 'cmdline');
  return cmdline === undefined || cmdline.includes('kafka.Kafka');
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

async function readPid(file: string): Promise<number | undefined> {
  if (!existsSync(file)) return undefined;
  const pid = Number((await readFile(file, 'utf8')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
