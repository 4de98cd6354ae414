import { request } from 'undici';
import type { DeadLetterEntry } from './dead-letter-entry.ts';
import { DeadLetterNotFoundError, type DeadLetters, type ReplayResult } from './dead-letters.ts';

/**
 * The dead letters of a running local cluster, through its ingress (`/_cluster/dead-letters`). Rejects
 * with a message saying so when the cluster is not running there.
 */
export function clusterDeadLetters(clusterUrl: string): DeadLetters {
  const call = async (method: 'GET' | 'POST', path: string): Promise<{ status: number; body: unknown }> => {
    const url = new URL(`/_cluster/dead-letters${path}`, clusterUrl);
    try {
      const response = await request(url, { method });
      return { status: response.statusCode, body: await response.body.json() };
    } catch (error) {
      throw new Error(
        `no local cluster answers at ${clusterUrl} (${(error as Error).message}): start it with npm start, or set KAFKA_BROKERS`,
        { cause: error },
      );
    }
  };
  const expectOk = (answer: { status: number; body: unknown }) => {
    if (answer.status !== 200) throw new Error(`the cluster answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, unknown>;
  };
  return {
    async list() {
      return expectOk(await call('GET', '')).deadLetters as DeadLetterEntry[];
    },
    async show(id) {
      const answer = await call('GET', `/${encodeURIComponent(id)}`);
      return answer.status === 404 ? null : (expectOk(answer) as unknown as DeadLetterEntry);
    },
    async replay(ids) {
      if (ids === 'all') return expectOk(await call('POST', '/replay')).results as ReplayResult[];
      const results: ReplayResult[] = [];
      for (const id of ids) {
        const answer = await call('POST', `/${encodeURIComponent(id)}/replay`);
        if (answer.status === 404) throw new DeadLetterNotFoundError(id);
        results.push(...(expectOk(answer).results as ReplayResult[]));
      }
      return results;
    },
    close: async () => undefined,
  };
}
