/**
 * Typed readers for configuration. A function's `config.ts` reads `process.env` once, through
 * `readEnvironment`, which collects every problem and throws them together, as prebid's config.validate()
 * does: a bad value is an error, never a silent fallback.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** pino's levels, and `silent`: what HELIOS_LOG_LEVEL (and the runtime's FUNC_LOG_LEVEL) accept. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads variables from an environment, remembering every problem instead of stopping at the first. */
export class EnvReader {
  readonly #env: Environment;
  readonly #problems: string[] = [];

  constructor(env: Environment) {
    this.#env = env;
  }

  #raw(name: string): string | undefined {
    const value = this.#env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  #fail<T>(name: string, rule: string, fallback: T): T {
    this.#problems.push(`${name} ${rule}`);
    return fallback;
  }

  string(name: string, fallback: string): string {
    return this.#raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    return this.#raw(name);
  }

  requiredString(name: string): string {
    return this.#raw(name) ?? this.#fail(name, 'must be set', '');
  }

  integer(name: string, fallback: number, { min = -Infinity, max = Infinity } = {}): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      return this.#fail(name, `must be an integer in [${min}, ${max}] (got "${raw}")`, fallback);
    }
    return value;
  }

  number(name: string, fallback: number, { min = -Infinity, max = Infinity } = {}): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      return this.#fail(name, `must be a number in [${min}, ${max}] (got "${raw}")`, fallback);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.#raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    return this.#fail(name, `must be true or false (got "${raw}")`, fallback);
  }

  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      return this.#fail(name, `must be one of ${allowed.join(', ')} (got "${raw}")`, fallback);
    }
    return raw as T;
  }

  /** A log level: one of LOG_LEVELS. */
  logLevel(name: string, fallback: LogLevel = 'info'): LogLevel {
    return this.oneOf(name, LOG_LEVELS, fallback);
  }

  optionalUrl(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.#raw(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) {
        return this.#fail(name, `must be a ${protocols.join(' or ')} URL (got "${url.protocol}")`, undefined);
      }
      return raw;
    } catch {
      return this.#fail(name, `must be a URL (got "${raw}")`, undefined);
    }
  }

  /** A URL that must be set; `why` (what it is for, where it comes from) goes into the message when it is not. */
  requiredUrl(name: string, protocols: readonly string[], why: string): string {
    if (this.#raw(name) === undefined) return this.#fail(name, `must be set: ${why}`, '');
    return this.optionalUrl(name, protocols) ?? '';
  }

  /** A comma-separated list, empty entries dropped. */
  list(name: string, fallback: readonly string[]): readonly string[] {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  /** A JSON object of string values, such as Knative's K_CE_OVERRIDES. */
  jsonObject(name: string): Record<string, unknown> | undefined {
    const raw = this.#raw(name);
    if (raw === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      return this.#fail(name, 'must be a JSON object', undefined);
    } catch {
      return this.#fail(name, 'must be valid JSON', undefined);
    }
  }

  /** Throws one ConfigError listing every problem seen, or returns the config frozen. */
  done<T extends object>(config: T): Readonly<T> {
    if (this.#problems.length > 0) throw new ConfigError(this.#problems);
    return Object.freeze(config);
  }
}

/** Starts reading `env` (process.env by default, read once by each config module). */
export function readEnvironment(env: Environment = process.env): EnvReader {
  return new EnvReader(env);
}
