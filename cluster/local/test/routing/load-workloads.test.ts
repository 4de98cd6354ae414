import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRouting, type Routing } from '../../src/routing/load-routing.ts';
import { loadWorkloads } from '../../src/routing/load-workloads.ts';

const root = path.resolve(import.meta.dirname, '../../../..');
const k8sDir = path.join(root, 'cluster', 'k8s');

describe('loadWorkloads from the repository manifests', () => {
  let routing: Routing;
  let edited: string;

  beforeAll(async () => {
    routing = await loadRouting({
      eventingDir: path.join(root, 'eventing'),
      functionsDir: path.join(root, 'functions'),
    });
    edited = await mkdtemp(path.join(tmpdir(), 'helios-k8s-'));
    await cp(k8sDir, edited, { recursive: true });
  });
  afterAll(() => rm(edited, { recursive: true, force: true }));

  it('reads profile from its Knative Service: warm (min-scale 1), gRPC (port h2c), its metrics port its own', async () => {
    const { workloads } = await loadWorkloads({ k8sDir, functions: routing.functions });
    const profile = workloads.find((workload) => workload.function === 'profile');
    expect(profile).toMatchObject({ warm: true, protocol: 'grpc', ownPortVariables: ['HELIOS_METRICS_PORT'] });
    expect(profile?.declaredVariables).not.toContain('DATABASE_URL');
    // The others are deployed by kn func from their func.yaml: scale-to-zero, HTTP.
    for (const workload of workloads.filter((candidate) => candidate.function !== 'profile'))
      expect(workload).toMatchObject({ warm: false, protocol: 'http', ownPortVariables: [] });
    expect(workloads.find((workload) => workload.function === 'bidder')?.declaredVariables).toContain(
      'HELIOS_PROFILE_ADDRESS',
    );
  });

  it('finds the addresses helios-config gives functions, and the function behind the public bid host', async () => {
    const { addresses, domains } = await loadWorkloads({ k8sDir, functions: routing.functions });
    expect(addresses).toEqual([{ variable: 'HELIOS_PROFILE_ADDRESS', function: 'profile' }]);
    expect(domains).toMatchObject({ bid: 'ingest' });
  });

  it('follows the manifests: profile at min-scale 0 with a plain port is neither warm nor gRPC', async () => {
    const file = path.join(edited, '60-profile.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace("autoscaling.knative.dev/min-scale: '1'", "autoscaling.knative.dev/min-scale: '0'")
        .replace('name: h2c', 'name: http1'),
    );
    const { workloads } = await loadWorkloads({ k8sDir: edited, functions: routing.functions });
    expect(workloads.find((workload) => workload.function === 'profile')).toMatchObject({
      warm: false,
      protocol: 'http',
    });
  });
});
