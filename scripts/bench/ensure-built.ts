import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildFunction } from '../build-function.ts';

/**
 * Rebuilds each function (functions/<name> with a func.yaml) whose build is missing or older than any
 * source it bundles (its src/, functions/core/src, proto/), so the pipeline benchmark measures the code
 * as it is. Resolves the names it rebuilt.
 */
export async function ensureBuilt(rootDir: string): Promise<string[]> {
  const functionsDir = path.join(rootDir, 'functions');
  const shared = Math.max(newestIn(path.join(functionsDir, 'core', 'src')), newestIn(path.join(rootDir, 'proto')));
  const stale = readdirSync(functionsDir).filter((name) => {
    const dir = path.join(functionsDir, name);
    if (name === 'core' || !existsSync(path.join(dir, 'func.yaml'))) return false;
    const built = oldestBuildOutput(path.join(dir, 'build'));
    return built < Math.max(shared, newestIn(path.join(dir, 'src')), statSync(path.join(dir, 'package.json')).mtimeMs);
  });
  for (const name of stale) await buildFunction(path.join(functionsDir, name));
  return stale;
}

function newestIn(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function oldestBuildOutput(buildDir: string): number {
  const entries = ['index.js', 'server.js'].map((name) => path.join(buildDir, name)).filter((file) => existsSync(file));
  return entries.length === 0 ? 0 : Math.min(...entries.map((file) => statSync(file).mtimeMs));
}
