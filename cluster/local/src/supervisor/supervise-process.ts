import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '@helios/core';
import { forwardLogs } from './forward-logs.ts';
import { liveProcessesInGroup } from './process-group.ts';
import type { ReadinessCheck } from './readiness.ts';
import { LIFELINE_FD, STDIO_WITH_LIFELINE, withLifeline } from './with-lifeline.ts';

export type ProcessState = 'starting' | 'ready' | 'restarting' | 'stopping' | 'stopped';

export interface SuperviseProcessOptions {
  readonly name: string;
  readonly cwd: string;
  /** A shell command line, as an npm script is: run with `sh -c`. */
  readonly command: string;
  /** Appended to the command line as its arguments. */
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly readiness: ReadinessCheck;
  readonly logger: Logger;
  readonly output: Writable | null;
  /** How long a SIGTERMed child gets before SIGKILL. */
  readonly stopTimeoutMs?: number;
}

/** A supervised child: restarted with backoff when it dies, stopped on request. */
export interface SupervisedProcess {
  readonly name: string;
  state(): ProcessState;
  /** How many times it was restarted after dying. */
  restarts(): number;
  /** The process group ids it ever ran as: each is empty once the child is stopped. */
  processGroups(): readonly number[];
  /**
   * Resolves when the child first answers its readiness check. Rejects when that takes longer than
   * `timeoutMs`, with the child's last output lines in the message.
   */
  ready(timeoutMs: number): Promise<void>;
  /** SIGTERM to the child's process group, SIGKILL after the stop timeout; resolves once it is gone. */
  stop(): Promise<void>;
}

const READINESS_INTERVAL_MS = 50;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
const LAST_LINES = 20;

/**
 * Runs `command` in `cwd` as a child in its own process group (so a shell and the node it starts are
 * signalled together), forwards its output, polls readiness until it is ready, and restarts it with
 * exponential backoff whenever it exits unasked, like a Deployment's restartPolicy: Always.
 * The child holds a lifeline (lifeline.ts) and exits when this process dies, even by SIGKILL, when
 * no 'exit' handler runs.
 */
export function superviseProcess(options: SuperviseProcessOptions): SupervisedProcess {
  let state: ProcessState = 'starting';
  let child: ChildProcess | undefined;
  let restarts = 0;
  let failuresInRow = 0;
  const groups: number[] = [];
  const lastLines: string[] = [];
  let becameReady: () => void = () => {};
  const firstReady = new Promise<void>((resolve) => (becameReady = resolve));
  const killOnExit = () => {
    for (const group of groups) signalGroup(group, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  const run = () => {
    const current = spawn('sh', ['-c', `${options.command} "$@"`, options.name, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: withLifeline(options.env),
      detached: true,
      // fd 3: the lifeline. This process holds the only other end; the child exits when it closes.
      stdio: [...STDIO_WITH_LIFELINE],
    });
    child = current;
    // Read (nothing) so its end-of-file is seen and 'close' fires once the child is gone.
    (current.stdio[LIFELINE_FD] as Readable | null)?.resume();
    if (current.pid !== undefined) groups.push(current.pid);
    const remember = (line: string) => {
      lastLines.push(line);
      if (lastLines.length > LAST_LINES) lastLines.shift();
    };
    forwardLogs({
      service: options.name,
      stream: current.stdout!,
      level: 'info',
      output: options.output,
      onLine: remember,
    });
    forwardLogs({
      service: options.name,
      stream: current.stderr!,
      level: 'warn',
      output: options.output,
      onLine: remember,
    });
    current.once('error', (error) => options.logger.error({ err: error, function: options.name }, 'spawn failed'));
    void pollReadiness(current);
    // 'close' waits for every holder of the pipes (the shell and what it started), not just the shell.
    current.once('close', (code, signal) => void onClose(current, code, signal));
  };

  const pollReadiness = async (current: ChildProcess) => {
    while (child === current && (state === 'starting' || state === 'restarting')) {
      if (await options.readiness()) {
        if (child !== current || (state !== 'starting' && state !== 'restarting')) return;
        state = 'ready';
        failuresInRow = 0;
        options.logger.info({ function: options.name, pid: current.pid }, 'function ready');
        becameReady();
        return;
      }
      await delay(READINESS_INTERVAL_MS);
    }
  };

  const onClose = async (current: ChildProcess, code: number | null, signal: NodeJS.Signals | null) => {
    if (child !== current || state === 'stopping' || state === 'stopped') return;
    failuresInRow += 1;
    restarts += 1;
    const backoffMs = Math.min(FIRST_BACKOFF_MS * 2 ** (failuresInRow - 1), MAX_BACKOFF_MS);
    state = 'restarting';
    options.logger.error({ function: options.name, code, signal, backoffMs }, 'function exited; restarting');
    await delay(backoffMs);
    if (state === 'restarting') run();
  };

  run();

  return {
    name: options.name,
    state: () => state,
    restarts: () => restarts,
    processGroups: () => [...groups],
    async ready(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const output = lastLines.length > 0 ? `; its last output:\n${lastLines.join('\n')}` : '';
          reject(new Error(`${options.name} did not become ready within ${timeoutMs} ms${output}`));
        }, timeoutMs);
      });
      try {
        await Promise.race([firstReady, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopping';
      const current = child;
      const deadline = Date.now() + (options.stopTimeoutMs ?? 5_000);
      if (current?.pid !== undefined) {
        signalGroup(current.pid, 'SIGTERM');
        // The shell may exit at once while what it started is still finishing its in-flight work.
        while (Date.now() < deadline && liveProcessesInGroup(current.pid).length > 0) await delay(25);
      }
      for (const group of groups) signalGroup(group, 'SIGKILL');
      state = 'stopped';
      process.removeListener('exit', killOnExit);
    },
  };
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}
