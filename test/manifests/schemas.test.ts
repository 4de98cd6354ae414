/**
 * Every manifest Helios ships validates against the schema of its kind before a user ever applies it:
 * Knative and Strimzi objects against their CRDs (fixtures/), built-in Kubernetes objects and
 * cert-manager's ClusterIssuer through kubernetes-models, each func.yaml against knative/func's schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_MODELS } from './support/builtin-models.ts';
import { loadAllObjects, loadFile, manifestFiles } from './support/load-manifests.ts';
import { FUNCTIONS_DIR, ROOT } from './support/repo-paths.ts';
import { crdValidators, describeErrors, funcYamlValidator } from './support/schema-validators.ts';
import { functionNames } from './support/functions.ts';

const validators = crdValidators();

function problemsOf(object: Record<string, unknown>): string[] {
  const key = `${String(object['apiVersion'])} ${String(object['kind'])}`;
  const validate = validators.get(key);
  if (validate) return validate(object) ? [] : describeErrors(validate);
  const Model = BUILTIN_MODELS.get(key);
  if (!Model) return [`no schema for ${key}: add its CRD to the reference or its model to support/builtin-models.ts`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

describe('manifest schemas', () => {
  it('finds the manifests of cluster/k8s and eventing/', () => {
    const files = manifestFiles();
    expect(files).toContain('cluster/k8s/00-namespaces.yaml');
    expect(files).toContain('eventing/kafka-sources.yaml');
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(manifestFiles())(
    'every document of %s parses as YAML and names apiVersion, kind and metadata.name',
    (file) => {
      const objects = loadFile(file);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        expect(object.apiVersion, `${file} #${object.document}`).toMatch(/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/);
        expect(object.kind, `${file} #${object.document}`).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(object.name, `${file} #${object.document}`).not.toBe('undefined');
      }
    },
  );

  it.each(loadAllObjects().map((object) => [`${object.file} ${object.kind}/${object.name}`, object] as const))(
    '%s validates against the schema of its apiVersion and kind',
    (_label, object) => {
      expect(problemsOf(object.object)).toEqual([]);
    },
  );

  it('the CRD validators reject a misspelt field and a wrong type, as kubectl --validate=strict would', () => {
    const source = loadFile('eventing/kafka-sources.yaml')[0]!.object;
    const misspelt = structuredClone(source) as { spec: Record<string, unknown> };
    misspelt.spec['initalOffset'] = 'earliest';
    expect(problemsOf(misspelt).join('\n')).toMatch(/initalOffset/);
    const wrongType = structuredClone(source) as { spec: Record<string, unknown> };
    wrongType.spec['topics'] = 'bid_requests';
    expect(problemsOf(wrongType).join('\n')).toMatch(/\/spec\/topics must be array/);
    const topic = loadFile('cluster/k8s/21-kafka-topics.yaml')[0]!.object as { spec: Record<string, unknown> };
    topic.spec['partitions'] = 'six';
    expect(problemsOf(topic).join('\n')).toMatch(/partitions must be integer/);
  });

  it('the built-in models reject a StatefulSet without its pod template', () => {
    const statefulSet = loadFile('cluster/k8s/40-postgres.yaml').find(
      (object) => object.kind === 'StatefulSet',
    )!.object;
    const broken = structuredClone(statefulSet) as { spec: Record<string, unknown> };
    delete broken.spec['template'];
    expect(problemsOf(broken).join('\n')).toMatch(/template/);
  });
});

describe('func.yaml schema', () => {
  const validate = funcYamlValidator();

  it.each(['func.yaml', ...functionNames().map((name) => path.join('functions', name, 'func.yaml'))])(
    '%s validates against knative/func schema/func_yaml-schema.json',
    (file) => {
      const funcYaml: unknown = parse(readFileSync(path.join(ROOT, file), 'utf8'));
      expect(validate(funcYaml) ? [] : describeErrors(validate)).toEqual([]);
    },
  );

  it('the func.yaml schema rejects an unknown scale metric', () => {
    const funcYaml = parse(readFileSync(path.join(FUNCTIONS_DIR, 'ingest/func.yaml'), 'utf8')) as {
      deploy: { options: { scale: Record<string, unknown> } };
    };
    funcYaml.deploy.options.scale['metric'] = 'cpu';
    expect(validate(funcYaml)).toBe(false);
  });
});
