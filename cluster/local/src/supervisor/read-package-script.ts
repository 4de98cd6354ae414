import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A script of the package in `dir` (`start`: what the buildpack image runs as `npm start`). The cluster
 * runs it with `sh -c` itself, which saves npm's own start-up on every (re)start.
 * Throws when package.json is missing or lacks the script.
 */
export async function readPackageScript(dir: string, script: 'start' | 'build'): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const command = manifest.scripts?.[script];
  if (!command) throw new Error(`${path.join(dir, 'package.json')} has no "${script}" script`);
  return command;
}
