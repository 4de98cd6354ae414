/**
 * The one build recipe of every Helios function: `npm run build` inside functions/<name> (or `npm run build`
 * at the root, for all of them). esbuild bundles src/ into build/, carrying @helios/core inside the bundle,
 * because `kn func deploy --path functions/<name>` uploads that folder alone. The function's own npm
 * dependencies stay external: the buildpack installs them from its package.json.
 *
 * Entry points: src/index.ts (what faas-js-runtime loads) and, where present, src/server.ts (ingest and
 * profile start their own server; see the README's architecture section) and src/migrate.ts.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export async function buildFunction(functionDir: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(functionDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const entryPoints = ['index', 'server', 'migrate']
    .map((name) => path.join(functionDir, 'src', `${name}.ts`))
    .filter((file) => existsSync(file));
  rmSync(path.join(functionDir, 'build'), { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: path.join(functionDir, 'build'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    sourcemap: 'linked',
    // Everything the function declares is installed beside it; everything else (@helios/core) is bundled.
    external: Object.keys(manifest.dependencies ?? {}),
    // ESM output still meets CommonJS code that calls require(); give it one.
    banner: {
      js: "import { createRequire as __heliosRequire } from 'node:module'; const require = __heliosRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // The gRPC contracts travel with the bundle: @helios/core/profile loads build/proto/profile.proto
  // beside the bundled code (resolved from import.meta.url), since proto/ is outside the uploaded folder.
  cpSync(path.join(import.meta.dirname, '..', 'proto'), path.join(functionDir, 'build', 'proto'), {
    recursive: true,
    filter: (source) => statSync(source).isDirectory() || source.endsWith('.proto'),
  });
  // A function with a migrate entry point carries the migrations it applies (build/drizzle), for the
  // same reason: functions/core/drizzle is outside the uploaded folder.
  if (entryPoints.some((file) => file.endsWith(`${path.sep}migrate.ts`))) {
    cpSync(
      path.join(import.meta.dirname, '..', 'functions', 'core', 'drizzle'),
      path.join(functionDir, 'build', 'drizzle'),
      {
        recursive: true,
      },
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildFunction(process.cwd());
}
