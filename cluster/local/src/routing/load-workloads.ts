import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord, readManifests, type Manifest } from './read-manifests.ts';
import { RoutingError } from './routing-error.ts';
import type { FunctionSpec } from './routing.ts';

/** How the local cluster runs one function, as its manifests say Knative runs it. */
export interface Workload {
  readonly function: string;
  /** min-scale of at least 1 (never scales to zero): started before every other function. */
  readonly warm: boolean;
  /** 'grpc' when its container port is named h2c: readiness is a TCP connect, not an HTTP probe. */
  readonly protocol: 'http' | 'grpc';
  /** Variables holding a port the pod declares apart from its serving port (its metrics port): each gets a free port locally. */
  readonly ownPortVariables: readonly string[];
  /** Every variable its manifest sets (func.yaml run.envs, or the Service's container env). */
  readonly declaredVariables: readonly string[];
}

/** A helios-config key whose value is a function's cluster-local address: each function declaring it gets the local one. */
export interface ServiceAddress {
  readonly variable: string;
  readonly function: string;
}

export interface Workloads {
  /** One per function, in routing's order. */
  readonly workloads: readonly Workload[];
  readonly addresses: readonly ServiceAddress[];
  /** The function each DomainMapping serves publicly, by the host's first label (`bid` -> ingest). */
  readonly domains: Readonly<Record<string, string>>;
}

const KNATIVE_SERVICE = 'serving.knative.dev/v1/Service';
const MIN_SCALE = 'autoscaling.knative.dev/min-scale';
const METRICS_PORT = 'prometheus.io/port';
/** gRPC over Knative: a container port of this name is served as HTTP/2 cleartext. */
const H2C = 'h2c';

/**
 * What the local cluster needs to know about each function beyond its routing, read from the same
 * manifests Knative runs: a function deployed by a Knative Service manifest of its own in `k8sDir`
 * (rather than by `kn func deploy`) is described by that manifest, the others by their func.yaml
 * (`deploy.options.scale.min`, `run.envs`). A ConfigMap value `<function>.<namespace>.svc.cluster.local[:port]`
 * names that function's address; a DomainMapping `<label>.<domain>`, the function served publicly under
 * that label. Throws RoutingError listing every problem.
 */
export async function loadWorkloads(options: {
  k8sDir: string;
  functions: readonly FunctionSpec[];
}): Promise<Workloads> {
  const { manifests, problems } = await readManifests(options.k8sDir);
  const services = new Map(
    manifests
      .filter((manifest) => `${manifest.apiVersion}/${manifest.kind}` === KNATIVE_SERVICE)
      .map((manifest) => [manifest.name, manifest]),
  );
  const workloads: Workload[] = [];
  for (const fn of options.functions) {
    const service = services.get(fn.name);
    workloads.push(service ? fromServiceManifest(fn, service) : await fromFuncYaml(fn, problems));
  }
  const names = new Set(options.functions.map((fn) => fn.name));
  const addresses: ServiceAddress[] = [];
  for (const manifest of manifests.filter((candidate) => candidate.kind === 'ConfigMap')) {
    const data = isRecord(manifest.object['data']) ? manifest.object['data'] : {};
    for (const [variable, value] of Object.entries(data)) {
      const host =
        typeof value === 'string' ? /^([a-z0-9-]+)\.[a-z0-9-]+\.svc\.cluster\.local(:\d+)?$/.exec(value) : null;
      if (host && names.has(host[1]!)) addresses.push(Object.freeze({ variable, function: host[1]! }));
    }
  }
  const domains: Record<string, string> = {};
  for (const manifest of manifests.filter((candidate) => candidate.kind === 'DomainMapping')) {
    const ref = isRecord(manifest.spec['ref']) ? manifest.spec['ref'] : {};
    if (typeof ref['name'] === 'string' && names.has(ref['name'])) domains[manifest.name.split('.')[0]!] = ref['name'];
  }
  if (problems.length > 0) throw new RoutingError(problems);
  return Object.freeze({
    workloads: Object.freeze(workloads),
    addresses: Object.freeze(addresses),
    domains: Object.freeze(domains),
  });
}

function fromServiceManifest(fn: FunctionSpec, service: Manifest): Workload {
  const template = isRecord(service.spec['template']) ? service.spec['template'] : {};
  const metadata = isRecord(template['metadata']) ? template['metadata'] : {};
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : {};
  const podSpec = isRecord(template['spec']) ? template['spec'] : {};
  const containers = Array.isArray(podSpec['containers']) ? podSpec['containers'].filter(isRecord) : [];
  const ports = containers.flatMap((container) => (Array.isArray(container['ports']) ? container['ports'] : []));
  const env = containers
    .flatMap((container) => (Array.isArray(container['env']) ? container['env'] : []))
    .filter(isRecord);
  const metricsPort = annotations[METRICS_PORT] === undefined ? undefined : String(annotations[METRICS_PORT]);
  return Object.freeze({
    function: fn.name,
    warm: Number(annotations[MIN_SCALE] ?? 0) >= 1,
    protocol: ports.some((port) => isRecord(port) && port['name'] === H2C) ? 'grpc' : 'http',
    ownPortVariables: Object.freeze(
      env
        .filter((entry) => metricsPort !== undefined && String(entry['value']) === metricsPort)
        .map((entry) => String(entry['name'])),
    ),
    declaredVariables: Object.freeze(env.map((entry) => String(entry['name']))),
  });
}

async function fromFuncYaml(fn: FunctionSpec, problems: string[]): Promise<Workload> {
  let manifest: unknown = {};
  try {
    manifest = parse(await readFile(path.join(fn.dir, 'func.yaml'), 'utf8'));
  } catch (error) {
    problems.push(`functions/${path.basename(fn.dir)}/func.yaml: ${(error as Error).message}`);
  }
  const at = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined);
  const envs = at(at(manifest, 'run'), 'envs');
  const minScale = at(at(at(at(manifest, 'deploy'), 'options'), 'scale'), 'min');
  return Object.freeze({
    function: fn.name,
    warm: Number(minScale ?? 0) >= 1,
    protocol: 'http',
    ownPortVariables: Object.freeze([]),
    declaredVariables: Object.freeze(
      (Array.isArray(envs) ? envs : []).filter(isRecord).map((entry) => String(entry['name'])),
    ),
  });
}
