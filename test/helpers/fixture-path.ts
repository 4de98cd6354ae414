/**
 * The data files tests and the bench read (CRDs, schemas, OpenRTB examples, CloudEvents vectors, the
 * seed's Postman collection) are vendored under fixtures/, with each one's source and licence in
 * fixtures/README.md: a clone of the repository alone has everything it reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's fixtures folder. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The absolute path of a file (or folder) under fixtures/, e.g. `fixturePath('openrtb/bidrequest-ex3-mobile.json')`. */
export function fixturePath(...segments: string[]): string {
  return path.join(FIXTURES_DIR, ...segments);
}

/** A JSON file under fixtures/, parsed. */
export function readFixtureJson<T = Record<string, unknown>>(...segments: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...segments), 'utf8')) as T;
}
