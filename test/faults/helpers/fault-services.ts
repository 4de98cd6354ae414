/**
 * What the fault suite needs on the machine: Postgres server binaries (initdb, pg_ctl), redis-server and
 * Java (for the Kafka broker; Maven too while its jars are not cached). The suite starts its own instance
 * of each so it can stop them; it never touches the shared services. Absent tools skip the suite with a
 * message, or fail it under HELIOS_REQUIRE_SERVICES=1 (CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { servicesRequired } from '../../helpers/services.ts';

/** Where initdb and pg_ctl are: the newest /usr/lib/postgresql/<major>/bin (Debian), else the PATH's. */
export function postgresBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((name) => existsSync(path.join(debian, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return path.join(debian, majors[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return found ? path.dirname(found) : undefined;
}

function onPath(tool: string, versionFlag: string): boolean {
  return spawnSync(tool, [versionFlag], { stdio: 'ignore' }).status === 0;
}

/** The tools that are missing, named for the skip message. */
export function missingFaultTools(): string[] {
  const missing: string[] = [];
  if (!postgresBinDir()) missing.push('Postgres server binaries (initdb, pg_ctl)');
  if (!onPath('redis-server', '--version')) missing.push('redis-server');
  if (!onPath('java', '-version')) missing.push('java');
  return missing;
}

/**
 * True when every tool is present. Otherwise throws under HELIOS_REQUIRE_SERVICES=1, or warns and
 * returns false so the suite can `describe.skipIf(!available)`.
 */
export function faultToolsAvailable(): boolean {
  const missing = missingFaultTools();
  if (missing.length === 0) return true;
  const message = `the fault suite runs its own Postgres, Redis and Kafka and needs ${missing.join(', ')}`;
  if (servicesRequired) throw new Error(`${message}; HELIOS_REQUIRE_SERVICES=1 makes them mandatory`);
  console.warn(`skipping the fault suite: ${message} (install them, or see the README's "Faults" section)`);
  return false;
}
