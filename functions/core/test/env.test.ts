import { describe, expect, it } from 'vitest';
import { ConfigError, readEnvironment } from '../src/env.ts';

describe('readEnvironment', () => {
  it('applies defaults when variables are unset or blank', () => {
    const env = readEnvironment({ HELIOS_PORT: '  ' });
    const config = env.done({ port: env.integer('HELIOS_PORT', 8080), level: env.string('HELIOS_LOG_LEVEL', 'info') });
    expect(config).toEqual({ port: 8080, level: 'info' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every bad value at once, naming each variable and its rule', () => {
    const env = readEnvironment({
      HELIOS_PORT: 'eighty',
      HELIOS_TIMEOUT_MS: '-5',
      HELIOS_MODE: 'fast',
      DATABASE_URL: 'nope',
    });
    env.integer('HELIOS_PORT', 8080, { min: 1, max: 65_535 });
    env.integer('HELIOS_TIMEOUT_MS', 25, { min: 1 });
    env.oneOf('HELIOS_MODE', ['ordered', 'unordered'], 'ordered');
    env.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
    expect(() => env.done({})).toThrowError(ConfigError);
    try {
      env.done({});
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems[0]).toBe('HELIOS_PORT must be an integer in [1, 65535] (got "eighty")');
      expect(problems[2]).toContain('HELIOS_MODE must be one of ordered, unordered');
      expect(problems[3]).toContain('DATABASE_URL must be a URL');
    }
  });

  it('reads booleans, lists and JSON objects', () => {
    const env = readEnvironment({ A: 'yes', B: 'a, b,,c', K_CE_OVERRIDES: '{"extensions":{"x":"1"}}' });
    expect(env.boolean('A', false)).toBe(true);
    expect(env.list('B', [])).toEqual(['a', 'b', 'c']);
    expect(env.jsonObject('K_CE_OVERRIDES')).toEqual({ extensions: { x: '1' } });
  });
});

describe('EnvReader.logLevel', () => {
  it('reads a log level and rejects one pino does not know', () => {
    const good = readEnvironment({ HELIOS_LOG_LEVEL: 'debug' });
    expect(good.logLevel('HELIOS_LOG_LEVEL')).toBe('debug');
    const bad = readEnvironment({ FUNC_LOG_LEVEL: 'loud' });
    expect(bad.logLevel('FUNC_LOG_LEVEL', 'warn')).toBe('warn');
    expect(() => bad.done({})).toThrowError(
      /FUNC_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent/,
    );
  });
});
