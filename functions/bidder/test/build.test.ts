import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildFunction } from '../../../scripts/build-function.ts';
import { freePort } from '../../../test/helpers/free-port.ts';

const functionDir = path.resolve(import.meta.dirname, '..');

describe('the built bidder bundle', () => {
  it('carries profile.proto in build/proto and loads it when it opens its profile client', async () => {
    await buildFunction(functionDir);
    expect(existsSync(path.join(functionDir, 'build', 'proto', 'profile.proto'))).toBe(true);
    // init() creates the profile client, which loads the proto: it throws if the bundle cannot find it
    const script =
      "const m = await import('./index.js'); await m.init(); await m.shutdown(); console.log('initialised');";
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.join(functionDir, 'build'),
      env: {
        ...process.env,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/none`,
        HELIOS_PROFILE_ADDRESS: `127.0.0.1:${await freePort()}`,
        HELIOS_LOG_LEVEL: 'silent',
        // Nothing listens there: init() does not wait for Redis, it only needs the URL.
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      },
      timeout: 20_000,
    });
    expect(stdout).toContain('initialised');
  });
});
