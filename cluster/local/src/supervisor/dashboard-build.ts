import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders under dashboard/ that are build output or installed code, not sources. */
const NOT_SOURCES = new Set(['.next', 'node_modules', 'test', '.turbo', 'coverage']);

/**
 * True when `dashboard/.next/BUILD_ID` is missing or older than the newest source file under the
 * dashboard folder: `next start` would otherwise serve a stale build, or fail on none.
 */
export async function dashboardBuildIsStale(dashboardDir: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(path.join(dashboardDir, '.next', 'BUILD_ID'))).mtimeMs;
  } catch {
    return true;
  }
  return (await newestSourceTime(dashboardDir)) > built;
}

async function newestSourceTime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (NOT_SOURCES.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSourceTime(full));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}
