/**
 * The README's deploy guide states manifest values (versions, topics, autoscaling, profile's scaling); each one
 * is read back here and compared with the manifest, func.yaml or deploy.sh it describes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeployScript } from './support/deploy-script.ts';
import { readFuncYaml } from './support/functions.ts';
import { at, loadFile } from './support/load-manifests.ts';
import { backoffDelay, retryHorizonMs } from '../../cluster/local/src/eventing/backoff.ts';
import { loadRouting } from '../../cluster/local/src/routing/load-routing.ts';
import { parseDuration } from '../../cluster/local/src/routing/parse-duration.ts';
import { EVENTING_DIR, FUNCTIONS_DIR, ROOT } from './support/repo-paths.ts';

// The guide is the README's "Deploying to Knative" section, up to the next top-level heading.
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const guide = readme.slice(
  readme.indexOf('## Deploying to Knative'),
  readme.indexOf('\n## ', readme.indexOf('## Deploying to Knative') + 1),
);
const script = readDeployScript();

/** The rows of the markdown table whose header row starts with `| <first> |`. */
function table(first: string): string[][] {
  const lines = guide.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith(`| ${first} |`));
  expect(start, `table "${first}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
  }
  return rows;
}

describe('the README deploy guide', () => {
  it('names the release versions deploy.sh pins', () => {
    const versions = Object.fromEntries(table('release').map(([release, version]) => [release, version]));
    expect(versions['cert-manager']).toBe(script.versions['CERT_MANAGER_VERSION']);
    expect(versions['Knative Serving']).toBe(script.versions['KNATIVE_VERSION']);
    expect(versions['Kourier (the ingress)']).toBe(script.versions['KNATIVE_VERSION']);
    expect(versions['eventing-kafka-broker']).toBe(script.versions['KNATIVE_VERSION']);
    expect(versions['Strimzi operator']).toBe(script.versions['STRIMZI_VERSION']);
  });

  it('lists the KafkaTopics as 21-kafka-topics.yaml declares them', () => {
    const topics = loadFile('cluster/k8s/21-kafka-topics.yaml');
    const rows = table('topic');
    expect(rows.map((row) => row[0]).sort()).toEqual(topics.map((topic) => at(topic.object, 'spec.topicName')).sort());
    for (const [name, partitions, replicas, retention] of rows) {
      const topic = topics.find((candidate) => at(candidate.object, 'spec.topicName') === name)!;
      expect(Number(partitions), name).toBe(at(topic.object, 'spec.partitions'));
      expect(Number(replicas), name).toBe(at(topic.object, 'spec.replicas'));
      expect(retention, name).toContain(
        `(${(at(topic.object, 'spec.config') as Record<string, number>)['retention.ms']} ms)`,
      );
    }
  });

  it('states the autoscaling each func.yaml sets', () => {
    const rows = table('workload');
    expect(rows.map((row) => row[0]).sort()).toEqual([...script.functions].sort());
    for (const [name, metric, target, utilization, min, max, delay] of rows) {
      const { deploy } = readFuncYaml(name!);
      expect({ metric, target, utilization, min, max, delay }).toEqual({
        metric: deploy?.options?.scale?.metric,
        target: String(deploy?.options?.scale?.target),
        utilization: String(deploy?.options?.scale?.utilization),
        min: String(deploy?.options?.scale?.min),
        max: String(deploy?.options?.scale?.max),
        delay: deploy?.annotations?.['autoscaling.knative.dev/scale-down-delay'],
      });
    }
  });

  it("states profile's scaling, port and metrics port as 60-profile.yaml sets them", () => {
    const service = loadFile('cluster/k8s/60-profile.yaml')[0]!;
    const annotations = at(service.object, 'spec.template.metadata.annotations') as Record<string, string>;
    expect(guide).toContain(
      `\`min-scale: 1\`, \`target-burst-capacity: 0\`, metric ${annotations['autoscaling.knative.dev/metric']}, target ${annotations['autoscaling.knative.dev/target']} and max-scale ${annotations['autoscaling.knative.dev/max-scale']}`,
    );
    expect(annotations['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(guide).toContain(`Its metrics port is ${annotations['prometheus.io/port']}`);
  });

  it('quotes the Knative and Kafka settings as the manifests have them', () => {
    const config = loadFile('cluster/k8s/10-knative-config.yaml');
    const data = (name: string) =>
      config.find((object) => object.name === name)!.object['data'] as Record<string, string>;
    for (const [key, value] of Object.entries(data('config-network'))) {
      expect(guide).toContain(`\`${key}: ${/^\d|true|false/.test(value) ? `"${value}"` : value}\``);
    }
    expect(guide).toContain(`\`bootstrap.servers: ${data('kafka-broker-config')['bootstrap.servers']}\``);
    expect(guide).toContain(`ClusterIssuer \`${loadFile('cluster/k8s/11-cert-manager-issuer.yaml')[0]!.name}\``);
  });

  it('quotes the delivery spec, retry horizon and ordering of every consumer in eventing/', async () => {
    const routing = await loadRouting({ eventingDir: EVENTING_DIR, functionsDir: FUNCTIONS_DIR });
    const seconds = (ms: number) => `${ms / 1000} s`;
    const delivery = table('consumer | carries');
    const ordering = table('consumer | ordering');
    expect(delivery).toHaveLength(routing.subscriptions.length);
    for (const subscription of routing.subscriptions) {
      const spec = subscription.delivery;
      const label = `${subscription.name} (${subscription.kind})`;
      expect(delivery).toContainEqual([
        label,
        expect.any(String),
        String(spec.retry),
        expect.stringMatching(new RegExp(`^${spec.backoffPolicy} PT`)),
        expect.stringMatching(/^PT/),
        seconds(retryHorizonMs(spec)),
        seconds(backoffDelay(spec, spec.retry)),
      ]);
      const row = delivery.find((candidate) => candidate[0] === label)!;
      expect(parseDuration(row[3]!.split(' ')[1]!)).toBe(spec.backoffDelayMs);
      expect(parseDuration(row[4]!)).toBe(spec.timeoutMs);
      expect(ordering).toContainEqual([label, subscription.ordering, expect.any(String)]);
    }
  });
});
