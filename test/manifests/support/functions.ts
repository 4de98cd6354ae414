import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { EnvReader } from '@helios/core';
import { FUNCTIONS_DIR } from './repo-paths.ts';

/** The function folders: functions/<name> with a func.yaml (core has none). */
export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((name) => existsSync(path.join(FUNCTIONS_DIR, name, 'func.yaml')))
    .sort();
}

/** A function's func.yaml, parsed. */
export function readFuncYaml(name: string): FuncYaml {
  return parse(readFileSync(path.join(FUNCTIONS_DIR, name, 'func.yaml'), 'utf8')) as FuncYaml;
}

/** The parts of func.yaml the tests read. */
export interface FuncYaml {
  name?: string;
  invoke?: string;
  run?: { envs?: { name?: string; value?: string }[] };
  deploy?: {
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: { key: string; value?: string }[];
    options?: {
      scale?: { min?: number; max?: number; metric?: string; target?: number; utilization?: number };
    };
  };
  [key: string]: unknown;
}

/**
 * Every environment variable name a workload's source reads through core's readers or process.env:
 * the first string argument of reader calls (`env.integer('HELIOS_X', ...)`), and `process.env['X']`.
 */
// A call of any of core's EnvReader methods with a variable name: `env.integer('HELIOS_PORT', …)`.
const READER_METHODS = Object.getOwnPropertyNames(EnvReader.prototype).filter(
  (method) => method !== 'constructor' && method !== 'done',
);
const READER_CALL = new RegExp(`\\.(?:${READER_METHODS.join('|')})\\(\\s*'([A-Z][A-Z0-9_]*)'`, 'g');

export function variablesReadBy(sourceDir: string): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(sourceDir)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(READER_CALL)) {
      names.add(match[1]!);
    }
    for (const match of text.matchAll(/process\.env\[?\.?'?([A-Z][A-Z0-9_]*)/g)) names.add(match[1]!);
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}
