import path from 'node:path';

export interface FunctionEnvironmentOptions {
  /** What every child starts from (config.ts inheritedEnvironment). */
  readonly inherited: Readonly<Record<string, string>>;
  /** The repository root, whose node_modules/.bin holds faas-js-runtime and next. */
  readonly rootDir: string;
  readonly functionDir: string;
  readonly name: string;
  readonly port: number;
  /** The URL of the sink its SinkBinding names, if it has one. */
  readonly sink: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** Addresses of the functions it calls, by variable (HELIOS_PROFILE_ADDRESS: host:port), from the manifests. */
  readonly addresses?: Readonly<Record<string, string>>;
  readonly logLevel: string;
}

/**
 * The environment of one function's process, as Knative would give its container: PORT (and
 * faas-js-runtime's FUNC_PORT), K_SERVICE, K_SINK from its SinkBinding, and the services it talks to.
 * PATH gains node_modules/.bin, as `npm start` would add it, behind the folder of the Node.js running the
 * cluster: `node` and every `#!/usr/bin/env node` bin (faas-js-runtime, next) run on that same Node.js.
 */
export function functionEnvironment(options: FunctionEnvironmentOptions): Record<string, string> {
  const bins = [
    path.dirname(process.execPath),
    path.join(options.functionDir, 'node_modules', '.bin'),
    path.join(options.rootDir, 'node_modules', '.bin'),
  ];
  const env: Record<string, string> = {
    ...options.inherited,
    PATH: [...bins, options.inherited['PATH'] ?? ''].filter(Boolean).join(path.delimiter),
    PORT: String(options.port),
    FUNC_PORT: String(options.port),
    K_SERVICE: options.name,
    HELIOS_LOG_LEVEL: options.logLevel,
  };
  if (options.sink !== undefined) env['K_SINK'] = options.sink;
  if (options.databaseUrl !== undefined) env['DATABASE_URL'] = options.databaseUrl;
  if (options.redisUrl !== undefined) env['REDIS_URL'] = options.redisUrl;
  Object.assign(env, options.addresses);
  return env;
}
