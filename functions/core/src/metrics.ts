import { createRequire } from 'node:module';
import client from 'prom-client';

/**
 * Helios metrics live in prom-client's default registry. faas-js-runtime serves /metrics from a registry
 * of its own that it does not export, so `exposeOnRuntimeMetrics` makes that registry's output end with
 * ours: one scrape per function shows the runtime's faas_* series and the helios_* ones.
 */
export const metricsRegistry = client.register;

export { client as prometheus };

let exposed = false;

/** Call once at function load. Needs prom-client external to the bundle, so the runtime shares our copy. */
export function exposeOnRuntimeMetrics(): void {
  if (exposed) return;
  exposed = true;
  // Resolve prom-client the way the runtime does, in case this bundle carries a copy of its own.
  const runtimeClient = loadRuntimePromClient() ?? client;
  const { Registry } = runtimeClient;
  const original = Registry.prototype.metrics;
  Registry.prototype.metrics = async function metricsWithHelios(this: client.Registry): Promise<string> {
    const own = await original.call(this);
    if (this === (metricsRegistry as unknown)) return own;
    return `${own}\n${await metricsRegistry.metrics()}`;
  };
}

function loadRuntimePromClient(): typeof client | undefined {
  try {
    const require = createRequire(import.meta.url);
    const runtimeEntry = require.resolve('faas-js-runtime');
    return createRequire(runtimeEntry)('prom-client') as typeof client;
  } catch {
    return undefined;
  }
}

/** A counter in the default registry, created once even when a module is loaded twice (tests). */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
  return (
    (metricsRegistry.getSingleMetric(name) as client.Counter<L> | undefined) ??
    new client.Counter<L>({ name, help, labelNames })
  );
}

/** A histogram in seconds in the default registry, created once. */
export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets: number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
) {
  return (
    (metricsRegistry.getSingleMetric(name) as client.Histogram<L> | undefined) ??
    new client.Histogram<L>({ name, help, labelNames, buckets })
  );
}
