/**
 * Every name one manifest gives another resolves: sinks, subscribers, SinkBinding subjects, Secrets and
 * ConfigMaps (in manifests and in func.yaml `{{ secret:... }}` / `{{ configMap:... }}` values), Kafka
 * bootstrap addresses, topics and their partitions; and every function in functions/ is deployed and wired.
 */
import { describe, expect, it } from 'vitest';
import { readDeployScript } from './support/deploy-script.ts';
import { functionNames, readFuncYaml } from './support/functions.ts';
import { at, isRecord, loadAllObjects, type LoadedObject } from './support/load-manifests.ts';

const objects = loadAllObjects();
const script = readDeployScript();
/** Functions deployed by kn func deploy become Knative Services named after them. */
const KN_FUNC_SERVICES = script.functions;

function find(kind: string, name: string, namespace = 'helios'): LoadedObject | undefined {
  return objects.find(
    (object) => object.kind === kind && object.name === name && (object.namespace ?? namespace) === namespace,
  );
}

function ofKind(kind: string): LoadedObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** A Knative Service exists when a manifest declares it or deploy.sh deploys a func.yaml of that name. */
function knativeServiceExists(name: string): boolean {
  return (
    Boolean(find('Service', name) && find('Service', name)!.apiVersion.startsWith('serving.knative.dev')) ||
    KN_FUNC_SERVICES.includes(name)
  );
}

function resolveRef(ref: unknown, where: string): string[] {
  if (!isRecord(ref)) return [`${where}: no ref`];
  const { apiVersion, kind, name } = ref as { apiVersion: string; kind: string; name: string };
  if (kind === 'Service' && apiVersion === 'serving.knative.dev/v1') {
    return knativeServiceExists(name)
      ? []
      : [`${where}: Knative Service ${name} is neither in cluster/k8s nor deployed by kn func`];
  }
  const target = find(kind, name, (ref['namespace'] as string | undefined) ?? 'helios');
  if (!target) return [`${where}: ${kind}/${name} does not exist`];
  if (target.apiVersion !== apiVersion) return [`${where}: ${kind}/${name} is ${target.apiVersion}, not ${apiVersion}`];
  return [];
}

/** Every destination in an object: sink, subscriber, deadLetterSink, DomainMapping ref, Broker config. */
function references(object: LoadedObject): string[] {
  const where = `${object.file} ${object.kind}/${object.name}`;
  const problems: string[] = [];
  const spec = object.object['spec'];
  for (const [path, value] of [
    ['spec.sink.ref', at(spec, 'sink.ref')],
    ['spec.subscriber.ref', at(spec, 'subscriber.ref')],
    ['spec.delivery.deadLetterSink.ref', at(spec, 'delivery.deadLetterSink.ref')],
    ['spec.ref', object.kind === 'DomainMapping' ? at(spec, 'ref') : undefined],
    ['spec.config', object.kind === 'Broker' ? at(spec, 'config') : undefined],
  ] as const) {
    if (value !== undefined) problems.push(...resolveRef(value, `${where} ${path}`));
  }
  if (object.kind === 'SinkBinding') problems.push(...resolveRef(at(spec, 'subject'), `${where} spec.subject`));
  if (object.kind === 'Trigger') {
    const broker = at(spec, 'broker') as string;
    if (!find('Broker', broker)) problems.push(`${where} spec.broker: Broker ${broker} does not exist`);
  }
  return problems;
}

/** Every Secret/ConfigMap (name, key) a pod template or Knative Service container names. */
function namedConfig(
  value: unknown,
  found: { kind: string; name: string; key?: string; where: string }[],
  where: string,
): void {
  if (Array.isArray(value)) {
    value.forEach((item) => namedConfig(item, found, where));
    return;
  }
  if (!isRecord(value)) return;
  const secretKey = value['secretKeyRef'];
  const configMapKey = value['configMapKeyRef'];
  if (isRecord(secretKey))
    found.push({ kind: 'Secret', name: String(secretKey['name']), key: String(secretKey['key']), where });
  if (isRecord(configMapKey))
    found.push({ kind: 'ConfigMap', name: String(configMapKey['name']), key: String(configMapKey['key']), where });
  if (isRecord(value['secret']) && typeof value['secret']['secretName'] === 'string') {
    found.push({ kind: 'Secret', name: value['secret']['secretName'], where });
  }
  if (isRecord(value['configMap']) && typeof value['configMap']['name'] === 'string') {
    found.push({ kind: 'ConfigMap', name: value['configMap']['name'], where });
  }
  for (const child of Object.values(value)) namedConfig(child, found, where);
}

function hasKey(kind: string, name: string, key: string | undefined): boolean {
  if (kind === 'ConfigMap' && script.generatedConfigMaps.includes(name)) return key === undefined;
  const target = find(kind, name);
  if (!target) return false;
  if (key === undefined) return true;
  const data = {
    ...(target.object['data'] as object | undefined),
    ...(target.object['stringData'] as object | undefined),
  };
  return key in data;
}

describe('cross-references', () => {
  it.each(
    objects
      .filter(
        (object) =>
          references(object).length > 0 ||
          ['KafkaSource', 'Trigger', 'SinkBinding', 'DomainMapping', 'Broker'].includes(object.kind),
      )
      .map((object) => [`${object.file} ${object.kind}/${object.name}`, object] as const),
  )('every sink, subscriber, subject and dead-letter sink %s names exists', (_label, object) => {
    expect(references(object)).toEqual([]);
  });

  it('a reference to a missing sink is reported (the check can fail)', () => {
    const source = structuredClone(ofKind('KafkaSource')[0]!);
    (source.object['spec'] as { sink: { ref: { name: string } } }).sink.ref.name = 'no-such-function';
    expect(references(source)).toEqual([expect.stringContaining('no-such-function')]);
  });

  it('every Secret and ConfigMap key a manifest names exists', () => {
    const found: { kind: string; name: string; key?: string; where: string }[] = [];
    for (const object of objects)
      namedConfig(object.object['spec'], found, `${object.file} ${object.kind}/${object.name}`);
    expect(found.length).toBeGreaterThan(10);
    const missing = found.filter((ref) => !hasKey(ref.kind, ref.name, ref.key));
    expect(missing).toEqual([]);
  });

  it.each(functionNames())('every {{ secret }} / {{ configMap }} in functions/%s/func.yaml resolves', (name) => {
    const missing: string[] = [];
    for (const env of readFuncYaml(name).run?.envs ?? []) {
      const template = /^\{\{\s*(secret|configMap):([^:}\s]+)(?::([^}\s]+))?\s*\}\}$/.exec(env.value ?? '');
      if (!template && (env.value ?? '').includes('{{')) missing.push(`${env.name}: unparsable template ${env.value}`);
      if (!template) continue;
      const kind = template[1] === 'secret' ? 'Secret' : 'ConfigMap';
      if (!hasKey(kind, template[2]!, template[3]))
        missing.push(`${env.name}: ${kind} ${template[2]} key ${template[3]}`);
    }
    expect(missing).toEqual([]);
  });

  it('every Kafka bootstrap address is the Strimzi cluster helios in namespace kafka, on its plain listener', () => {
    const kafka = find('Kafka', 'helios', 'kafka')!;
    const listener = (at(kafka.object, 'spec.kafka.listeners') as { name: string; port: number; tls: boolean }[]).find(
      (candidate) => !candidate.tls,
    )!;
    const bootstrap = `${kafka.name}-kafka-bootstrap.${kafka.namespace}.svc:${listener.port}`;
    const addresses = objects.flatMap(
      (object) => (at(object.object, 'spec.bootstrapServers') as string[] | undefined) ?? [],
    );
    const brokerConfig = find('ConfigMap', 'kafka-broker-config', 'knative-eventing')!.object['data'] as Record<
      string,
      string
    >;
    addresses.push(brokerConfig['bootstrap.servers']!);
    expect(addresses.length).toBeGreaterThanOrEqual(6);
    expect(new Set(addresses)).toEqual(new Set([bootstrap]));
  });

  it('every topic a KafkaSink writes is a Strimzi KafkaTopic with the same partitions and replicas', () => {
    const topics = new Map(
      ofKind('KafkaTopic').map((topic) => [at(topic.object, 'spec.topicName') as string, topic.object]),
    );
    for (const sink of ofKind('KafkaSink')) {
      const topic = topics.get(at(sink.object, 'spec.topic') as string);
      expect(topic, `KafkaSink/${sink.name}`).toBeDefined();
      expect(at(topic, 'spec.partitions'), `KafkaSink/${sink.name} numPartitions`).toBe(
        at(sink.object, 'spec.numPartitions'),
      );
      expect(at(topic, 'spec.replicas'), `KafkaSink/${sink.name} replicationFactor`).toBe(
        at(sink.object, 'spec.replicationFactor'),
      );
      expect((at(topic, 'metadata.labels') as Record<string, string>)['strimzi.io/cluster']).toBe('helios');
    }
    expect(topics.size).toBe(ofKind('KafkaSink').length);
  });

  it('every topic a KafkaSource reads, and the Broker external topic, is written by a KafkaSink and created by a KafkaTopic', () => {
    const written = new Set(ofKind('KafkaSink').map((sink) => at(sink.object, 'spec.topic') as string));
    const created = new Set(ofKind('KafkaTopic').map((topic) => at(topic.object, 'spec.topicName') as string));
    const read = [
      ...ofKind('KafkaSource').flatMap((source) => at(source.object, 'spec.topics') as string[]),
      ...ofKind('Broker').map(
        (broker) =>
          (at(broker.object, 'metadata.annotations') as Record<string, string>)[
            'kafka.eventing.knative.dev/external.topic'
          ]!,
      ),
    ];
    expect(read.length).toBeGreaterThanOrEqual(3);
    for (const topic of read) {
      expect(written.has(topic), `${topic} written by a KafkaSink`).toBe(true);
      expect(created.has(topic), `${topic} created by a KafkaTopic`).toBe(true);
    }
  });

  it('every topic has a retention and min.insync.replicas below its replicas', () => {
    for (const topic of ofKind('KafkaTopic')) {
      const config = at(topic.object, 'spec.config') as Record<string, number>;
      expect(config['retention.ms'], topic.name).toBeGreaterThan(0);
      expect(config['min.insync.replicas'], topic.name).toBeLessThan(at(topic.object, 'spec.replicas') as number);
    }
  });

  it('the Kafka node pool has enough brokers for the replication factor', () => {
    const pool = ofKind('KafkaNodePool').find((candidate) =>
      (at(candidate.object, 'spec.roles') as string[]).includes('broker'),
    )!;
    const replicas = Math.max(...ofKind('KafkaTopic').map((topic) => at(topic.object, 'spec.replicas') as number));
    expect(at(pool.object, 'spec.replicas') as number).toBeGreaterThanOrEqual(replicas);
  });

  it('every function in functions/ is deployed and wired into eventing', () => {
    const deployed = new Set([
      ...KN_FUNC_SERVICES,
      ...ofKind('Service')
        .filter((service) => service.apiVersion.startsWith('serving'))
        .map((service) => service.name),
    ]);
    const wired = new Set([
      ...ofKind('KafkaSource').map((source) => at(source.object, 'spec.sink.ref.name') as string),
      ...ofKind('Trigger').map((trigger) => at(trigger.object, 'spec.subscriber.ref.name') as string),
      ...ofKind('SinkBinding').map((binding) => at(binding.object, 'spec.subject.name') as string),
      ...ofKind('DomainMapping').map((mapping) => at(mapping.object, 'spec.ref.name') as string),
    ]);
    // profile is wired by address: the bidder's HELIOS_PROFILE_ADDRESS names its Knative Service.
    const profileAddress = (find('ConfigMap', 'helios-config')!.object['data'] as Record<string, string>)[
      'HELIOS_PROFILE_ADDRESS'
    ];
    if (profileAddress?.startsWith('profile.helios.svc')) wired.add('profile');
    for (const name of functionNames()) {
      expect(deployed.has(name), `${name} deployed`).toBe(true);
      expect(wired.has(name), `${name} wired`).toBe(true);
    }
  });

  it('every Helios Knative Service is cluster-local, reached from outside only through a DomainMapping', () => {
    for (const service of ofKind('Service').filter((candidate) => candidate.apiVersion.startsWith('serving'))) {
      expect(
        (at(service.object, 'metadata.labels') as Record<string, string>)['networking.knative.dev/visibility'],
      ).toBe('cluster-local');
    }
    for (const name of KN_FUNC_SERVICES) {
      const labels = readFuncYaml(name).deploy?.labels ?? [];
      expect(labels).toContainEqual({ key: 'networking.knative.dev/visibility', value: 'cluster-local' });
    }
    expect(
      ofKind('DomainMapping')
        .map((mapping) => mapping.name)
        .sort(),
    ).toEqual(['bid.helios.example.com', 'dashboard.helios.example.com']);
  });
});
