import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readDeployScript } from './deploy-script.ts';
import { EVENTING_DIR, ROOT } from './repo-paths.ts';
import { isObject } from '@helios/core';

/** One Kubernetes object of a manifest file, after deploy.sh's placeholders were filled. */
export interface LoadedObject {
  /** Relative to the repository root, e.g. `cluster/k8s/40-postgres.yaml`. */
  readonly file: string;
  /** 1-based position of the document in its file, for messages. */
  readonly document: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly object: Record<string, unknown>;
}

/** The values the tests fill deploy.sh's placeholders with: recognisable, and obviously not secrets. */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = Object.freeze({
  HELIOS_DOMAIN: 'helios.example.com',
  HELIOS_ACME_EMAIL: 'ops@example.com',
  HELIOS_ACME_SERVER: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  HELIOS_REGISTRY: 'registry.example.com/helios',
  HELIOS_IMAGE_TAG: 'abc1234',
  HELIOS_POSTGRES_PASSWORD: 'sample-postgres-password',
  HELIOS_REDIS_PASSWORD: 'sample-redis-password',
  HELIOS_GRAFANA_ADMIN_PASSWORD: 'sample-grafana-password',
});

/** Every *.yaml / *.yml file under cluster/ and eventing/ (relative paths), dependency folders skipped. */
export function manifestFiles(): string[] {
  return [...walk(path.join(ROOT, 'cluster')), ...walk(EVENTING_DIR)].map((file) => path.relative(ROOT, file)).sort();
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'build', '.helios'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (/\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files;
}

/**
 * Fills `${NAME}` for the names deploy.sh's envsubst fills, as it does; any other `$` text stays. Returns
 * the text and the placeholders it found that deploy.sh does not fill (a manifest a user would apply
 * with a literal `${...}` in it).
 */
export function render(
  text: string,
  values: Readonly<Record<string, string>> = SAMPLE_VALUES,
): {
  text: string;
  unfilled: string[];
} {
  const filled = new Set(readDeployScript().templateVariables);
  const unfilled: string[] = [];
  const output = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    if (filled.has(name) && values[name] !== undefined) return values[name];
    unfilled.push(name);
    return whole;
  });
  return { text: output, unfilled };
}

/** Parses one file's documents (rendered), throwing with the file and document on invalid YAML. */
export function loadFile(file: string): LoadedObject[] {
  const { text } = render(readFileSync(path.join(ROOT, file), 'utf8'));
  const objects: LoadedObject[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) throw new Error(`${file} document ${index + 1}: ${document.errors[0]?.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) throw new Error(`${file} document ${index + 1}: not a mapping`);
    const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
    objects.push({
      file,
      document: index + 1,
      apiVersion: String(value['apiVersion']),
      kind: String(value['kind']),
      name: String(metadata['name']),
      namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined,
      object: value,
    });
  }
  return objects;
}

/** Every object of every manifest file under cluster/ and eventing/. */
export function loadAllObjects(): LoadedObject[] {
  return manifestFiles().flatMap((file) => loadFile(file));
}

/** True for a plain object (not null, not an array): core's one isObject, under the name this module's callers use. */
export const isRecord = isObject;

/** The value at a dotted path (`spec.template.spec`), or undefined. */
export function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}
