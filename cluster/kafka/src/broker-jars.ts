import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from './run-tool.ts';

export interface BrokerJarsOptions {
  /** The pom.xml whose dependencies are the broker's class path. */
  readonly pomFile: string;
  /** Root of the jar cache; jars land in `<cacheDir>/<kafka version>/lib`. */
  readonly cacheDir: string;
  /** Progress lines for a person waiting on a cold start. */
  readonly log?: (line: string) => void;
}

export interface BrokerJars {
  readonly version: string;
  readonly libDir: string;
  /** True when Maven ran; false when a complete cache was reused. */
  readonly downloaded: boolean;
}

// Written last, holding the pom's hash: a lib folder without it (an interrupted copy) or with another
// pom's hash (the version or logging binding changed) is not trusted.
const MARKER = '.complete';

/** The `<kafka.version>` property of the pom: the cache key, so a bump never reuses old jars. */
export function kafkaVersionOf(pom: string): string {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom);
  if (!match?.[1]) throw new Error('cluster/kafka/pom.xml has no <kafka.version> property');
  return match[1];
}

/**
 * Guarantees a complete broker class path in the cache and returns where it is. Copies the pom's runtime
 * dependencies with Maven into a fresh temporary folder and renames it into place only once the copy
 * succeeded, so a concurrent or interrupted run never leaves a half-filled lib folder that looks complete.
 * Throws when Maven is missing or fails, with its output.
 */
export async function ensureBrokerJars(options: BrokerJarsOptions): Promise<BrokerJars> {
  const pom = await readFile(options.pomFile, 'utf8');
  const version = kafkaVersionOf(pom);
  const pomHash = createHash('sha256').update(pom).digest('hex');
  const versionDir = path.join(options.cacheDir, version);
  const libDir = path.join(versionDir, 'lib');
  if (await markerMatches(libDir, pomHash)) return { version, libDir, downloaded: false };

  options.log?.(`fetching Apache Kafka ${version} jars with Maven into ${libDir} (first start only)`);
  await mkdir(versionDir, { recursive: true });
  const staging = path.join(versionDir, `lib.partial-${process.pid}-${Date.now()}`);
  try {
    await runTool({
      program: 'mvn',
      args: [
        '-q',
        '-B',
        '-f',
        options.pomFile,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${staging}`,
      ],
      what: 'mvn dependency:copy-dependencies',
      missing: 'install Maven and Java 17+',
    });
    const jars = (await readdir(staging)).filter((name) => name.endsWith('.jar'));
    if (!jars.some((name) => name.startsWith(`kafka_2.13-${version}`))) {
      throw new Error(`Maven copied no kafka_2.13-${version} jar into ${staging}`);
    }
    await writeFile(path.join(staging, MARKER), `${pomHash}\n`);
    await rm(libDir, { recursive: true, force: true });
    await rename(staging, libDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process may have completed the same copy meanwhile; its result is as good as ours.
    if (await markerMatches(libDir, pomHash)) return { version, libDir, downloaded: true };
    throw error;
  }
  return { version, libDir, downloaded: true };
}

async function markerMatches(libDir: string, pomHash: string): Promise<boolean> {
  const marker = path.join(libDir, MARKER);
  if (!existsSync(marker)) return false;
  return (await readFile(marker, 'utf8')).trim() === pomHash;
}
