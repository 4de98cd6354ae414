import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBuildIsStale } from '../../src/supervisor/dashboard-build.ts';

let dir: string;
const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'helios-dashboard-'));
  await mkdir(path.join(dir, 'app'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules', 'x'), { recursive: true });
  await writeFile(path.join(dir, 'app', 'page.tsx'), 'export default 1');
  await utimes(path.join(dir, 'app', 'page.tsx'), at(10), at(10));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dashboardBuildIsStale', () => {
  it('is stale without a build', async () => {
    expect(await dashboardBuildIsStale(dir)).toBe(true);
  });

  it('is fresh when BUILD_ID is newer than every source, whatever node_modules holds', async () => {
    await mkdir(path.join(dir, '.next'), { recursive: true });
    await writeFile(path.join(dir, '.next', 'BUILD_ID'), 'abc');
    await utimes(path.join(dir, '.next', 'BUILD_ID'), at(20), at(20));
    await writeFile(path.join(dir, 'node_modules', 'x', 'index.js'), '');
    await utimes(path.join(dir, 'node_modules', 'x', 'index.js'), at(30), at(30));
    expect(await dashboardBuildIsStale(dir)).toBe(false);
  });

  it('is stale once a source changes after the build', async () => {
    await utimes(path.join(dir, 'app', 'page.tsx'), at(25), at(25));
    expect(await dashboardBuildIsStale(dir)).toBe(true);
  });
});
