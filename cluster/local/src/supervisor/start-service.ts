import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from '@helios/core';
import { freePort } from './free-port.ts';
import { functionEnvironment, type FunctionEnvironmentOptions } from './function-environment.ts';
import { httpReadiness, tcpReadiness } from './readiness.ts';
import { readPackageScript } from './read-package-script.ts';
import { superviseProcess, type SupervisedProcess } from './supervise-process.ts';

/** A supervised service and where it listens. */
export interface RunningService extends SupervisedProcess {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
}

export interface StartServiceOptions extends Omit<FunctionEnvironmentOptions, 'port' | 'functionDir'> {
  readonly dir: string;
  /** An HTTP path answered 2xx once ready, or 'tcp' for a service that speaks no HTTP (gRPC). */
  readonly readiness: string | 'tcp';
  /** Appended to the start script (e.g. next's `-H 127.0.0.1`). */
  readonly args?: readonly string[];
  /** Set over the computed environment. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly logger: Logger;
  readonly output: Writable | null;
}

/**
 * Starts the package in `dir` with its own `start` script on a free loopback port, supervised.
 * Does not wait for readiness: call `ready(timeoutMs)`. Throws when the package has no start script.
 */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const command = await readPackageScript(options.dir, 'start');
  const port = await freePort();
  const env = { ...functionEnvironment({ ...options, functionDir: options.dir, port }), ...options.extraEnv };
  const url = `http://127.0.0.1:${port}`;
  const readiness =
    options.readiness === 'tcp'
      ? tcpReadiness('127.0.0.1', port)
      : httpReadiness(new URL(options.readiness, url).toString());
  const supervised = superviseProcess({
    name: options.name,
    cwd: options.dir,
    command,
    env,
    readiness,
    logger: options.logger,
    output: options.output,
    ...(options.args ? { args: options.args } : {}),
  });
  return { ...supervised, port, url };
}

/** Throws, naming the command to run, when a function's build output is missing. */
export async function assertBuilt(functionDir: string): Promise<void> {
  try {
    await access(path.join(functionDir, 'build'));
  } catch {
    throw new Error(`${path.join(functionDir, 'build')} is missing: run \`npm run build\` first (npm start does)`);
  }
}
