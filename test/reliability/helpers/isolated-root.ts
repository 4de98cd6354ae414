import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../../..');

/** The topics eventing/*.yaml names; each run renames them so a shared broker's old records stay apart. */
const TOPICS = ['bid_requests', 'bid_responses', 'auction_outcomes', 'dead_letters'];

export interface IsolatedRoot {
  readonly dir: string;
  /** This run's suffix: topic `bid_requests` is `bid_requests_<suffix>` here. */
  readonly suffix: string;
  readonly namespace: string;
  topic(name: string): string;
  remove(): Promise<void>;
}

export interface IsolatedRootOptions {
  readonly suffix: string;
  /** Extra manifests appended to eventing/, written with the same renaming (use plain topic names). */
  readonly manifests?: string;
  /** Extra function folders: name → { file name → contents }; each gets func.yaml and a package.json. */
  readonly functions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A repository root for createLocalCluster({ rootDir }) whose eventing/*.yaml names this run's own topics,
 * consumer groups and namespace, so a run against a shared, persistent Kafka starts from empty topics and
 * fresh groups, as a new Knative namespace would. The real functions run from copies of their build/
 * folders; node_modules is the repository's. Extra manifests and functions (a test subscriber) can be added.
 */
export async function createIsolatedRoot(options: IsolatedRootOptions): Promise<IsolatedRoot> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'helios-reliability-'));
  const namespace = `helios-${options.suffix}`;
  const rename = (text: string) =>
    text
      .replace(new RegExp(`\\b(${TOPICS.join('|')}|probe_events)\\b`, 'g'), `$1_${options.suffix}`)
      .replace(/^(\s*namespace:\s*)helios\s*$/gm, `$1${namespace}`)
      .replace(/^(\s*consumerGroup:\s*)(\S+)\s*$/gm, `$1$2-${options.suffix}`);

  await symlink(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  await mkdir(path.join(dir, 'eventing'));
  for (const file of await readdir(path.join(REPOSITORY_ROOT, 'eventing'))) {
    if (!file.endsWith('.yaml')) continue;
    const text = await readFile(path.join(REPOSITORY_ROOT, 'eventing', file), 'utf8');
    await writeFile(path.join(dir, 'eventing', file), rename(text));
  }
  if (options.manifests) await writeFile(path.join(dir, 'eventing', 'zz-test.yaml'), rename(options.manifests));

  // What the cluster reads about each function's workload (profile's Knative Service, helios-config).
  await cp(path.join(REPOSITORY_ROOT, 'cluster', 'k8s'), path.join(dir, 'cluster', 'k8s'), { recursive: true });
  await mkdir(path.join(dir, 'functions'));
  for (const entry of await readdir(path.join(REPOSITORY_ROOT, 'functions'), { withFileTypes: true })) {
    const source = path.join(REPOSITORY_ROOT, 'functions', entry.name);
    if (!entry.isDirectory() || !existsSync(path.join(source, 'func.yaml'))) continue;
    const target = path.join(dir, 'functions', entry.name);
    await mkdir(target);
    await cp(path.join(source, 'func.yaml'), path.join(target, 'func.yaml'));
    await cp(path.join(source, 'package.json'), path.join(target, 'package.json'));
    // Copied, not linked: a bundle that checks it is the main module compares its real path with argv[1].
    // Its external packages resolve through this root's node_modules link.
    if (existsSync(path.join(source, 'build')))
      await cp(path.join(source, 'build'), path.join(target, 'build'), { recursive: true });
  }
  for (const [name, files] of Object.entries(options.functions ?? {})) {
    const target = path.join(dir, 'functions', name);
    await mkdir(path.join(target, 'build'), { recursive: true });
    await writeFile(
      path.join(target, 'func.yaml'),
      `specVersion: 0.36.0\nname: ${name}\nruntime: typescript\ninvoke: cloudevent\n`,
    );
    await writeFile(
      path.join(target, 'package.json'),
      JSON.stringify({ name, private: true, type: 'module', scripts: { start: 'node build/index.js' } }),
    );
    for (const [file, contents] of Object.entries(files)) await writeFile(path.join(target, 'build', file), contents);
  }

  return {
    dir,
    suffix: options.suffix,
    namespace,
    topic: (name) => `${name}_${options.suffix}`,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
