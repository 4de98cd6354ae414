import type { Server } from 'node:http';
import { start } from 'faas-js-runtime';
import { freePort } from './free-port.ts';

const DEATH_EVENTS = ['SIGINT', 'SIGTERM', 'SIGQUIT', 'uncaughtException'] as const;

/**
 * Starts a function module under the real faas-js-runtime on a free port. The runtime also traps
 * SIGTERM, SIGINT, SIGQUIT and uncaught exceptions to call `shutdown` and `process.exit(0)`, which in a
 * test worker turns the test runner's own teardown signal into a failed run; those traps are removed,
 * and the test calls `shutdown` itself.
 */
export async function startRuntime(
  module: Parameters<typeof start>[0],
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const before = new Map(DEATH_EVENTS.map((event) => [event, new Set<unknown>(process.listeners(event as 'SIGINT'))]));
  const port = await freePort();
  const server = await start(module, { port });
  for (const event of DEATH_EVENTS) {
    for (const listener of process.listeners(event as 'SIGINT')) {
      if (!before.get(event)!.has(listener)) process.removeListener(event as 'SIGINT', listener);
    }
  }
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
