/**
 * The repository stands alone: everything tests, the bench and the code read is in it (fixtures/). A
 * static check finds no tracked file naming the old reference folder beside the clone, and the tests that
 * read fixtures pass from a copy of the tracked files that has no such folder beside it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Built from parts so this file does not match itself. */
const OUTSIDE_REFERENCE = new RegExp(['\\.\\./', 'shared', '|', 'shared/', 'reference'].join(''));
/** Suites left out of the copy's run: the end-to-end one needs the built functions and runs in CI from a clone. */
const NOT_IN_COPY = [/^test\/e2e\//];

function trackedFiles(): string[] {
  const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT });
  return output
    .toString('utf8')
    .split('\0')
    .filter((file) => file !== '' && existsSync(path.join(ROOT, file)));
}

/** Relative imports of a TypeScript file, as repository paths. */
function relativeImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)].map((match) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!)),
  );
}

/** Test files that read fixtures through fixture-path.ts, directly or through a module they import. */
function fixtureReadingTests(files: string[]): string[] {
  const typescript = files.filter((file) => file.endsWith('.ts'));
  const readers = new Set(['test/helpers/fixture-path.ts']);
  for (let grew = true; grew;) {
    grew = false;
    for (const file of typescript) {
      if (!readers.has(file) && relativeImports(file).some((imported) => readers.has(imported))) {
        readers.add(file);
        grew = true;
      }
    }
  }
  return typescript.filter(
    (file) => file.endsWith('.test.ts') && readers.has(file) && !NOT_IN_COPY.some((pattern) => pattern.test(file)),
  );
}

/**
 * node_modules for the copy: each installed package is a link to this checkout's, but the workspace links
 * (`@helios/core` → `../../functions/core`) are recreated as they are, so they resolve inside the copy.
 */
function linkNodeModules(copy: string): void {
  const source = path.join(ROOT, 'node_modules');
  const target = path.join(copy, 'node_modules');
  mkdirSync(target);
  const link = (from: string, to: string) => {
    if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else symlinkSync(from, to);
  };
  for (const entry of readdirSync(source)) {
    if (!entry.startsWith('@')) {
      link(path.join(source, entry), path.join(target, entry));
      continue;
    }
    mkdirSync(path.join(target, entry));
    for (const name of readdirSync(path.join(source, entry))) {
      link(path.join(source, entry, name), path.join(target, entry, name));
    }
  }
}

describe('the repository is self-contained', () => {
  const files = trackedFiles();
  const temporary: string[] = [];
  afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('no tracked file refers to a reference folder outside the repository', () => {
    const offenders = files.filter(
      (file) => !file.startsWith('fixtures/') && OUTSIDE_REFERENCE.test(readFileSync(path.join(ROOT, file), 'latin1')),
    );
    expect(offenders).toEqual([]);
  });

  it('the tests that read fixtures pass from a copy with nothing beside it', () => {
    const tests = fixtureReadingTests(files);
    expect(tests).toEqual(
      expect.arrayContaining([
        'test/manifests/schemas.test.ts',
        'functions/ingest/test/decode-bid-request.test.ts',
        'functions/auction/test/auction.test.ts',
      ]),
    );

    const parent = mkdtempSync(path.join(os.tmpdir(), 'helios-copy-'));
    temporary.push(parent);
    const copy = path.join(parent, 'helios');
    for (const file of files) cpSync(path.join(ROOT, file), path.join(copy, file));
    linkNodeModules(copy);
    expect(readdirSync(parent)).toEqual(['helios']);

    const report = path.join(parent, 'report.json');
    // A clean environment for the inner vitest: the outer run's VITEST_* variables would change its mode.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
    const run = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--reporter=json', `--outputFile=${report}`, ...tests],
      { cwd: copy, env, encoding: 'utf8', timeout: 300_000 },
    );
    expect(existsSync(report), `vitest wrote no report:\n${run.stderr}`).toBe(true);
    const result = JSON.parse(readFileSync(report, 'utf8')) as {
      numFailedTests: number;
      numPassedTests: number;
      testResults: { name: string; status: string; message: string }[];
    };
    const failed = result.testResults.filter((file) => file.status !== 'passed');
    expect(failed.map((file) => `${path.relative(copy, file.name)}: ${file.message}`)).toEqual([]);
    expect(result.testResults.map((file) => path.relative(copy, file.name)).sort()).toEqual([...tests].sort());
    expect(result.numFailedTests).toBe(0);
    expect(result.numPassedTests).toBeGreaterThan(0);
    expect(run.status).toBe(0);
  });
});
