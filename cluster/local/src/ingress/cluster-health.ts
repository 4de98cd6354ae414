/** What `GET /healthz` answers: every component's state, and 'ok' only when all are ready. */
export interface ClusterHealth {
  readonly status: 'ok' | 'degraded';
  readonly components: Readonly<Record<string, string>>;
}

/**
 * Summarises component states ('ready', 'starting', 'restarting', 'down', ...). Components that are
 * turned off are not passed in, so they cannot hold the cluster back.
 */
export function summarizeHealth(components: Readonly<Record<string, string>>): ClusterHealth {
  const ready = Object.values(components).every((state) => state === 'ready');
  return { status: ready ? 'ok' : 'degraded', components: { ...components } };
}
