import { startRespServer, type RespServer } from '../../cluster/local/src/redis/resp-server.ts';

/**
 * A Redis for tests that need one but not a real one: the local cluster's in-process RESP server on a
 * free loopback port (functions take only a REDIS_URL). Close it in afterAll.
 */
export function startMemoryRedis(): Promise<RespServer> {
  return startRespServer();
}
