import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isObject } from '@helios/core';

/** One Kubernetes object from a manifest file, with where it came from for error messages. */
export interface Manifest {
  /** The file, relative to the folder read (e.g. `kafka-sources.yaml`). */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: Readonly<Record<string, unknown>>;
  /** The whole object (a ConfigMap keeps its settings in `data`, not `spec`). */
  readonly object: Readonly<Record<string, unknown>>;
}

/**
 * Reads every object of every `*.yaml`/`*.yml` file in `dir`, in file-name order. A document that is not
 * an object with apiVersion, kind and metadata.name is reported in `problems`, as is invalid YAML.
 * Throws only when the folder cannot be read.
 */
export async function readManifests(dir: string): Promise<{ manifests: Manifest[]; problems: string[] }> {
  const files = (await readdir(dir)).filter((file) => /\.ya?ml$/.test(file)).sort();
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const documents = parseAllDocuments(await readFile(path.join(dir, file), 'utf8'));
    for (const [index, document] of documents.entries()) {
      if (document.errors.length > 0) {
        problems.push(`${file} document ${index + 1}: invalid YAML: ${document.errors[0]?.message}`);
        continue;
      }
      const object: unknown = document.toJS();
      if (object === null || object === undefined) continue;
      const manifest = toManifest(file, object);
      if (typeof manifest === 'string') problems.push(`${file} document ${index + 1}: ${manifest}`);
      else manifests.push(manifest);
    }
  }
  return { manifests, problems };
}

function toManifest(file: string, object: unknown): Manifest | string {
  if (!isRecord(object)) return 'must be a mapping';
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const { apiVersion, kind } = object;
  const name = metadata['name'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') {
    return 'must have apiVersion, kind and metadata.name';
  }
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : {};
  return Object.freeze({
    file,
    apiVersion,
    kind,
    name,
    namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined,
    annotations: Object.fromEntries(Object.entries(annotations).map(([key, value]) => [key, String(value)])),
    spec: isRecord(object['spec']) ? object['spec'] : {},
    object,
  });
}

/** True for a plain object (not null, not an array): core's one isObject, under the name this module's callers use. */
export const isRecord = isObject;
