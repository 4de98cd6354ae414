import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from '@helios/core';
import { dashboardBuildIsStale } from './dashboard-build.ts';
import { functionEnvironment } from './function-environment.ts';
import { readPackageScript } from './read-package-script.ts';
import { runCommand } from './run-command.ts';
import { startService, type RunningService } from './start-service.ts';

export interface StartDashboardOptions {
  readonly rootDir: string;
  readonly databaseUrl: string;
  /** Where the dashboard's empty states tell a reader to POST a bid (the ingress's /bid). */
  readonly bidUrl: string;
  readonly logLevel: string;
  readonly inherited: Readonly<Record<string, string>>;
  readonly logger: Logger;
  readonly output: Writable | null;
  readonly progress: (message: string) => void;
  readonly readyTimeoutMs: number;
  /** Told as soon as the process exists, so a failing start-up elsewhere can still stop it. */
  readonly onStarted: (dashboard: RunningService) => void;
}

// Next warns about, and misbehaves with, a NODE_ENV other than production (vitest sets it to test).
const NEXT_ENV = { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };

/**
 * Builds the Next.js dashboard when its build is missing or older than its sources, printing the
 * build's progress (it takes a while). Needs no database: the dashboard reads DATABASE_URL at request
 * time. Rejects with the build's last lines when it fails.
 */
export async function buildDashboardIfStale(
  options: Pick<StartDashboardOptions, 'rootDir' | 'inherited' | 'logLevel' | 'progress'> & { signal?: AbortSignal },
): Promise<void> {
  const dir = path.join(options.rootDir, 'dashboard');
  if (await dashboardBuildIsStale(dir)) {
    options.progress('building the dashboard (next build; this takes a minute or two)');
    const started = performance.now();
    await runCommand({
      command: await readPackageScript(dir, 'build'),
      cwd: dir,
      env: {
        ...functionEnvironment({
          inherited: options.inherited,
          rootDir: options.rootDir,
          functionDir: dir,
          name: 'dashboard',
          port: 0,
          sink: undefined,
          databaseUrl: undefined,
          redisUrl: undefined,
          logLevel: options.logLevel,
        }),
        ...NEXT_ENV,
      },
      ...(options.signal ? { signal: options.signal } : {}),
      onLine: (line) => {
        if (line.trim()) options.progress(`  dashboard build: ${line.trim()}`);
      },
    });
    options.progress(`built the dashboard in ${Math.round((performance.now() - started) / 1000)} s`);
  }
}

/**
 * Runs the built dashboard's `start` script (`next start`) on a free loopback port with DATABASE_URL,
 * and waits until /api/health answers. Rejects when it is not ready within `readyTimeoutMs`.
 */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningService> {
  const dir = path.join(options.rootDir, 'dashboard');
  options.progress('starting the dashboard (next start)');
  const dashboard = await startService({
    name: 'dashboard',
    dir,
    rootDir: options.rootDir,
    inherited: options.inherited,
    sink: undefined,
    databaseUrl: options.databaseUrl,
    redisUrl: undefined,
    logLevel: options.logLevel,
    readiness: '/api/health',
    args: ['-H', '127.0.0.1'],
    extraEnv: { ...NEXT_ENV, HELIOS_DASHBOARD_BID_URL: options.bidUrl },
    logger: options.logger,
    output: options.output,
  });
  options.onStarted(dashboard);
  await dashboard.ready(options.readyTimeoutMs);
  return dashboard;
}
