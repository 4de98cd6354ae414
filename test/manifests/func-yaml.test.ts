/**
 * Each function's func.yaml: the shared values equal the root func.yaml's (kn func reads only the
 * function's own file), the env it sets is env its code reads, and the autoscaling is the one explained
 * in the file and in the README's deploy guide. profile's Knative Service keeps its h2c port and its warm scaling.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readDeployScript } from './support/deploy-script.ts';
import { functionNames, readFuncYaml, variablesReadBy } from './support/functions.ts';
import { at, loadFile } from './support/load-manifests.ts';
import { FUNCTIONS_DIR, ROOT } from './support/repo-paths.ts';

const root = parse(readFileSync(path.join(ROOT, 'func.yaml'), 'utf8')) as Record<string, unknown>;
const knFuncFunctions = readDeployScript().functions;
/** Ports the queue-proxy of every Knative pod listens on (knative/serving reservedPorts). */
const KNATIVE_RESERVED_PORTS = [8008, 8012, 8013, 8022, 9090, 9091];

/** `value` with only the keys of `shape`, recursively: the part of a function's file the root defines. */
function project(value: unknown, shape: unknown): unknown {
  if (typeof shape !== 'object' || shape === null || Array.isArray(shape)) return value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(shape).map((key) => [
      key,
      project((value as Record<string, unknown>)[key], (shape as Record<string, unknown>)[key]),
    ]),
  );
}

function configMapKeys(): Set<string> {
  const config = loadFile('cluster/k8s/31-config.yaml').find((object) => object.name === 'helios-config')!;
  return new Set(Object.keys(config.object['data'] as object));
}

describe('func.yaml', () => {
  it('there is one func.yaml per function and deploy.sh deploys all but profile with kn func', () => {
    expect(functionNames()).toEqual(['analytics', 'auction', 'bidder', 'ingest', 'profile']);
    expect([...knFuncFunctions].sort()).toEqual(functionNames().filter((name) => name !== 'profile'));
  });

  it.each(functionNames())('functions/%s/func.yaml carries the root func.yaml values unchanged', (name) => {
    const funcYaml = readFuncYaml(name);
    expect(project(funcYaml, root)).toEqual(root);
    expect(funcYaml.name).toBe(name);
  });

  it('the drift check notices a changed shared value', () => {
    const drifted = { ...readFuncYaml('auction'), registry: 'docker.io/someone' };
    expect(project(drifted, root)).not.toEqual(root);
  });

  it.each(functionNames())(
    'every variable functions/%s/func.yaml sets is read by its code, and every configMap key exists',
    (name) => {
      const read = new Set([
        ...variablesReadBy(path.join(FUNCTIONS_DIR, name, 'src')),
        ...variablesReadBy(path.join(FUNCTIONS_DIR, 'core/src')),
      ]);
      const keys = configMapKeys();
      for (const env of readFuncYaml(name).run?.envs ?? []) {
        expect(read.has(env.name!), `${name} sets ${env.name}, which its code never reads`).toBe(true);
        const key = /configMap:helios-config:([A-Z0-9_]+)/.exec(env.value ?? '')?.[1];
        if (key) expect(keys.has(key), `${name}: helios-config has no ${key}`).toBe(true);
      }
    },
  );

  it('every helios-config key is read by some workload', () => {
    const read = new Set<string>();
    for (const dir of [
      ...functionNames().map((name) => path.join(FUNCTIONS_DIR, name, 'src')),
      path.join(ROOT, 'dashboard/src'),
    ]) {
      for (const variable of variablesReadBy(dir)) read.add(variable);
    }
    expect([...configMapKeys()].filter((key) => !read.has(key))).toEqual([]);
  });

  it.each(knFuncFunctions)(
    '%s scales to zero with an explained metric, target, max-scale and scale-down delay',
    (name) => {
      const text = readFileSync(path.join(FUNCTIONS_DIR, name, 'func.yaml'), 'utf8');
      const { deploy } = readFuncYaml(name);
      const scale = deploy?.options?.scale;
      expect(scale?.min).toBe(0);
      expect(scale?.max).toBeGreaterThan(0);
      expect(['concurrency', 'rps']).toContain(scale?.metric);
      expect(scale?.target).toBeGreaterThan(0);
      expect(deploy?.annotations?.['autoscaling.knative.dev/scale-down-delay']).toMatch(/^\d+[sm]$/);
      expect(text).toMatch(/# Autoscaling: /);
      expect(deploy?.namespace).toBe('helios');
    },
  );

  it.each(knFuncFunctions)('%s asks Prometheus to scrape /metrics on its serving port', (name) => {
    const annotations = readFuncYaml(name).deploy?.annotations ?? {};
    expect(annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8080',
      'prometheus.io/path': '/metrics',
    });
  });

  it('auction cannot use more pods than bid_responses has partitions (its KafkaSource is ordered)', () => {
    const source = loadFile('eventing/kafka-sources.yaml').find(
      (object) => at(object.object, 'spec.sink.ref.name') === 'auction',
    )!;
    expect(at(source.object, 'spec.ordering')).toBe('ordered');
    const sink = loadFile('eventing/kafka-sinks.yaml').find(
      (object) => at(object.object, 'spec.topic') === 'bid_responses',
    )!;
    expect(readFuncYaml('auction').deploy?.options?.scale?.max).toBeLessThanOrEqual(
      at(sink.object, 'spec.numPartitions') as number,
    );
  });
});

describe('profile Knative Service', () => {
  const service = loadFile('cluster/k8s/60-profile.yaml').find((object) => object.kind === 'Service')!;
  const annotations = at(service.object, 'spec.template.metadata.annotations') as Record<string, string>;
  const container = (at(service.object, 'spec.template.spec.containers') as Record<string, unknown>[])[0]!;

  it('serves gRPC on a port named h2c', () => {
    expect(container['ports']).toEqual([{ name: 'h2c', containerPort: 8080 }]);
  });

  it('stays warm with no activator in the path: min-scale 1, target-burst-capacity 0', () => {
    expect(annotations['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(annotations['autoscaling.knative.dev/target-burst-capacity']).toBe('0');
    expect(Number(annotations['autoscaling.knative.dev/max-scale'])).toBeGreaterThanOrEqual(1);
  });

  it('exposes metrics on the port Prometheus scrapes, and not on a port the queue-proxy owns', () => {
    const env = container['env'] as { name: string; value?: string }[];
    const metricsPort = env.find((variable) => variable.name === 'HELIOS_METRICS_PORT')?.value;
    expect(metricsPort).toBe(annotations['prometheus.io/port']);
    expect(KNATIVE_RESERVED_PORTS).not.toContain(Number(metricsPort));
    expect(variablesReadBy(path.join(FUNCTIONS_DIR, 'profile/src')).has('HELIOS_METRICS_PORT')).toBe(true);
  });

  it('runs the image deploy.sh builds from functions/profile', () => {
    expect(container['image']).toBe('registry.example.com/helios/profile:abc1234');
    expect(readDeployScript().text).toMatch(
      /for name in "\$\{FUNCTIONS\[@\]\}" profile; do\n\s*kn func build --path "functions\/\$\{name\}"/,
    );
  });
});
