/**
 * cluster/deploy.sh: it lints clean, applies cluster/k8s in file order with eventing/ where its
 * dependencies exist, and installs pinned releases of the same Knative minor the CRD schemas come from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeployScript } from './support/deploy-script.ts';
import { at, loadFile, manifestFiles } from './support/load-manifests.ts';
import { retryHorizonMs } from '../../cluster/local/src/eventing/backoff.ts';
import { loadRouting } from '../../cluster/local/src/routing/load-routing.ts';
import { fixturePath } from '../helpers/fixture-path.ts';
import { DEPLOY_SCRIPT, EVENTING_DIR, FUNCTIONS_DIR, K8S_DIR, ROOT } from './support/repo-paths.ts';

const script = readDeployScript();
const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (!shellcheck) console.warn('skipping the shellcheck test: install it with `apt-get install shellcheck`');

describe('cluster/deploy.sh', () => {
  it.skipIf(!shellcheck)('passes shellcheck', () => {
    expect(() => execFileSync('shellcheck', [DEPLOY_SCRIPT], { encoding: 'utf8' })).not.toThrow();
  });

  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', DEPLOY_SCRIPT]).status).toBe(0);
  });

  it('is what `npm run deploy` runs', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['deploy']).toBe('bash cluster/deploy.sh');
  });

  it('applies every cluster/k8s file once, in file-name order', () => {
    const files = readdirSync(K8S_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .sort()
      .map((file) => `cluster/k8s/${file}`);
    expect(files.every((file) => /^cluster\/k8s\/\d\d-[a-z0-9-]+\.yaml$/.test(file))).toBe(true);
    expect(script.appliedFiles.filter((file) => file.startsWith('cluster/k8s/'))).toEqual(files);
  });

  it('applies every eventing file once, after the topics exist and before the public names', () => {
    const eventing = manifestFiles().filter((file) => file.startsWith('eventing/'));
    const applied = script.appliedFiles.filter((file) => file.startsWith('eventing/'));
    expect([...applied].sort()).toEqual(eventing);
    const position = (file: string) => script.appliedFiles.indexOf(file);
    for (const file of applied) {
      expect(position(file)).toBeGreaterThan(position('cluster/k8s/21-kafka-topics.yaml'));
      expect(position(file)).toBeLessThan(position('cluster/k8s/70-domain-mappings.yaml'));
    }
    // A KafkaSource or Trigger needs the KafkaSink it dead-letters to.
    expect(position('eventing/kafka-sinks.yaml')).toBeLessThan(position('eventing/kafka-sources.yaml'));
    expect(position('eventing/kafka-sinks.yaml')).toBeLessThan(position('eventing/broker.yaml'));
    // kn func deploy runs between the SinkBindings and the sources that feed the functions.
    const text = script.text.slice(script.text.indexOf('main() {'));
    expect(text.indexOf('deploy_functions')).toBeGreaterThan(text.indexOf('apply_file eventing/sink-bindings.yaml'));
    expect(text.indexOf('deploy_functions')).toBeLessThan(text.indexOf('apply_file eventing/kafka-sources.yaml'));
  });

  it('pins every release to a version, Knative to the minor of the CRD snapshots', () => {
    expect(script.versions['KNATIVE_VERSION']).toMatch(/^knative-v1\.\d+\.\d+$/);
    expect(script.versions['CERT_MANAGER_VERSION']).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(script.versions['STRIMZI_VERSION']).toMatch(/^\d+\.\d+\.\d+$/);
    const minor = /knative-v(1\.\d+)/.exec(script.versions['KNATIVE_VERSION']!)![1]!;
    const snapshots = readFileSync(fixturePath('README.md'), 'utf8');
    expect(snapshots).toContain(`knative-v${minor}.`);
    expect(script.releaseUrls.length).toBeGreaterThanOrEqual(10);
    for (const url of script.releaseUrls) {
      expect(url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/releases\/download\/[\w.-]+\/[\w.-]+\.yaml$/);
      expect(url).not.toMatch(/latest|\$\{/);
    }
    expect(script.releaseUrls.some((url) => url.endsWith('/kourier.yaml'))).toBe(true);
  });

  it('the Strimzi release serves the kafka.strimzi.io/v1 API the Kafka manifests use', () => {
    // Strimzi added the v1 API in 0.49.0.
    const [major, minor] = script.versions['STRIMZI_VERSION']!.split('.').map(Number) as [number, number];
    expect(major > 0 || minor >= 49).toBe(true);
    expect(loadFile('cluster/k8s/20-kafka.yaml').every((object) => object.apiVersion === 'kafka.strimzi.io/v1')).toBe(
      true,
    );
  });

  it('Kourier is the ingress class, in config-network and in the ACME solver', () => {
    const network = loadFile('cluster/k8s/10-knative-config.yaml').find((object) => object.name === 'config-network')!;
    expect(at(network.object, 'data.ingress-class')).toBe('kourier.ingress.networking.knative.dev');
    const issuer = loadFile('cluster/k8s/11-cert-manager-issuer.yaml')[0]!;
    const solvers = at(issuer.object, 'spec.acme.solvers') as { http01: { ingress: { class: string } } }[];
    expect(solvers[0]!.http01.ingress.class).toBe('kourier.ingress.networking.knative.dev');
    const certManager = loadFile('cluster/k8s/10-knative-config.yaml').find(
      (object) => object.name === 'config-certmanager',
    )!;
    expect(String(at(certManager.object, 'data.issuerRef'))).toContain(`name: ${issuer.name}`);
  });

  it('builds every image a manifest or kn func deploy runs', () => {
    expect(script.text).toContain('pack build "$(image_of dashboard)"');
    const images = manifestFiles()
      .flatMap((file) => loadFile(file))
      .flatMap((object) => JSON.stringify(object.object).match(/registry\.example\.com\/helios\/[a-z-]+/g) ?? []);
    for (const image of new Set(images)) {
      const name = image.split('/').pop()!;
      expect(['dashboard', 'profile', ...script.functions], image).toContain(name);
    }
  });
});

describe('eventing delivery', () => {
  const objects = manifestFiles()
    .filter((file) => file.startsWith('eventing/'))
    .flatMap((file) => loadFile(file));

  // A consumer of the dead-letter topic must not dead-letter into it: a failing record would loop.
  const readsDeadLetters = (object: (typeof objects)[number]) =>
    ((at(object.object, 'spec.topics') as string[] | undefined) ?? []).includes('dead_letters');

  it.each(
    objects
      .filter((object) => ['KafkaSource', 'Broker'].includes(object.kind))
      .map((object) => [`${object.kind}/${object.name}`, object] as const),
  )(
    '%s retries with a backoff policy and a timeout, then dead-letters (unless it reads the dead letters)',
    (_label, object) => {
      const delivery = at(object.object, 'spec.delivery') as Record<string, unknown>;
      expect(delivery['retry']).toBeGreaterThan(0);
      expect(['linear', 'exponential']).toContain(delivery['backoffPolicy']);
      expect(delivery['backoffDelay']).toMatch(/^PT/);
      expect(delivery['timeout']).toMatch(/^PT/);
      expect(at(delivery, 'deadLetterSink.ref.name')).toBe(readsDeadLetters(object) ? undefined : 'dead-letters');
    },
  );

  it('gives the bid path a retry horizon under a second and the money and analytics paths minutes', async () => {
    const routing = await loadRouting({ eventingDir: EVENTING_DIR, functionsDir: FUNCTIONS_DIR });
    const horizon = (name: string) => {
      const subscription = routing.subscriptions.find((candidate) => candidate.name === name);
      expect(subscription, name).toBeDefined();
      return retryHorizonMs(subscription!.delivery);
    };
    // A bid request is worth nothing past its tmax: retried briefly, then dead-lettered.
    expect(horizon('bidder-bid-requests')).toBeLessThan(1_000);
    // A 30 s outage of Postgres or Redis (the fault suite's) and more must lose nothing.
    for (const name of ['auction-bid-responses', 'analytics-auction-outcomes', 'bidder-campaign-spend']) {
      expect(horizon(name), name).toBeGreaterThanOrEqual(120_000);
    }
  });

  it('every KafkaSource and Trigger states its ordering', () => {
    for (const object of objects.filter((candidate) => candidate.kind === 'KafkaSource')) {
      expect(['ordered', 'unordered']).toContain(at(object.object, 'spec.ordering'));
    }
    for (const object of objects.filter((candidate) => candidate.kind === 'Trigger')) {
      const annotations = at(object.object, 'metadata.annotations') as Record<string, string>;
      expect(['ordered', 'unordered']).toContain(annotations['kafka.eventing.knative.dev/delivery.order']);
    }
  });
});
