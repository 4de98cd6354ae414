import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both are CommonJS modules whose class/plugin is `exports.default`: under NodeNext the default import is
// the whole module object.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
import { parseAllDocuments } from 'yaml';
import { isRecord } from './load-manifests.ts';
import { fixturePath } from '../../helpers/fixture-path.ts';

/** Keywords of Kubernetes structural schemas that JSON Schema does not know; they constrain nothing here. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-validations',
];

/**
 * Validators for the custom resources, one per `group/version` + kind, built from the CRDs in
 * fixtures/knative/crds and fixtures/strimzi/crds (every served version).
 *
 * Stricter than the API server's defaulting but equal to `kubectl apply`'s default `--validate=strict`:
 * a field the schema does not declare is an error (additionalProperties: false is added to every object
 * schema with properties, unless it preserves unknown fields), so a misspelt field fails here instead of
 * being pruned silently in the cluster.
 */
export function crdValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const keyword of KUBERNETES_KEYWORDS) ajv.addKeyword({ keyword });
  const validators = new Map<string, ValidateFunction>();
  for (const dir of ['knative/crds', 'strimzi/crds']) {
    for (const file of readdirSync(fixturePath(dir)).filter((name) => name.endsWith('.yaml'))) {
      for (const document of parseAllDocuments(readFileSync(fixturePath(dir, file), 'utf8'))) {
        const crd: unknown = document.toJS();
        if (!isRecord(crd) || crd['kind'] !== 'CustomResourceDefinition') continue;
        const spec = crd['spec'] as { group: string; names: { kind: string }; versions: CrdVersion[] };
        for (const version of spec.versions) {
          if (!version.served || !version.schema) continue;
          const schema = strict(withTypeMeta(structuredClone(version.schema.openAPIV3Schema)));
          validators.set(`${spec.group}/${version.name} ${spec.names.kind}`, ajv.compile(schema));
        }
      }
    }
  }
  return validators;
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema?: { openAPIV3Schema: Record<string, unknown> };
}

/** The API server accepts apiVersion, kind and metadata on every object; some CRDs leave them out. */
function withTypeMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  schema['properties'] = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...properties,
  };
  return schema;
}

function strict(schema: unknown): Record<string, unknown> {
  if (Array.isArray(schema)) {
    schema.forEach(strict);
    return {};
  }
  if (!isRecord(schema)) return {};
  for (const value of Object.values(schema)) {
    if (typeof value === 'object' && value !== null) strict(value);
  }
  if (
    isRecord(schema['properties']) &&
    schema['additionalProperties'] === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    schema['additionalProperties'] = false;
  }
  return schema;
}

/** The validator of knative/func's func.yaml schema (JSON Schema draft-04). */
export function funcYamlValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(fixturePath('knative/schemas/func_yaml-schema.json'), 'utf8')) as object;
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Ajv's errors as one line each: `/spec/topics must be array`. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
    return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
  });
}
