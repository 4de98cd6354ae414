import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_SPEND_ONCE } from '../../../../functions/bidder/src/spend-store.ts';
import { startRespServer, type RespServer } from '../../src/redis/resp-server.ts';

describe('the in-process RESP server, through ioredis', () => {
  let server: RespServer;
  let first: Redis;
  let second: Redis;

  beforeAll(async () => {
    server = await startRespServer();
    // Two clients: what one writes the other reads, as two function processes share one Redis.
    first = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    second = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await Promise.all([first.connect(), second.connect()]);
  });
  afterAll(async () => {
    first.disconnect();
    second.disconnect();
    await server.close();
  });

  it('passes ioredis’s ready check and answers PING', async () => {
    expect(first.status).toBe('ready');
    expect(await first.ping()).toBe('PONG');
  });

  it('shares strings between connections: SET, GET, MGET, EXISTS, DEL, expiry', async () => {
    expect(await first.set('profile:u1', '{"userId":"u1"}')).toBe('OK');
    expect(await second.get('profile:u1')).toBe('{"userId":"u1"}');
    expect(await second.mget('profile:u1', 'profile:none')).toEqual(['{"userId":"u1"}', null]);
    expect(await first.set('short', 'x', 'EX', 100)).toBe('OK');
    expect(await second.ttl('short')).toBeGreaterThan(0);
    expect(await second.exists('profile:u1', 'short', 'none')).toBe(2);
    expect(await first.del('short')).toBe(1);
    expect(await second.get('short')).toBeNull();
  });

  it('runs MULTI/EXEC as profile’s upsert does', async () => {
    const results = await first.multi().exists('profile:u2').set('profile:u2', '{}').exec();
    expect(results).toEqual([
      [null, 0],
      [null, 'OK'],
    ]);
    const again = await second.multi().exists('profile:u2').set('profile:u2', '{}').exec();
    expect(again?.[0]).toEqual([null, 1]);
  });

  it('runs the spend script by EVAL: counted once per event key, the total a float', async () => {
    const run = (client: Redis, eventKey: string) =>
      client.eval(ADD_SPEND_ONCE, 2, `spend-event:${eventKey}`, 'spend:c1:2026-11-21', '0.0025', '3600');
    expect(await run(first, 'e1')).toBe(1);
    expect(await run(second, 'e1')).toBe(0);
    expect(await run(second, 'e2')).toBe(1);
    expect(Number(await first.get('spend:c1:2026-11-21'))).toBeCloseTo(0.005, 10);
    expect(await first.ttl('spend:c1:2026-11-21')).toBeGreaterThan(0);
  });

  it('runs the spend script by EVALSHA after SCRIPT LOAD, and answers NOSCRIPT for an unknown one', async () => {
    const sha = (await first.script('LOAD', ADD_SPEND_ONCE)) as string;
    expect(sha).toBe(createHash('sha1').update(ADD_SPEND_ONCE).digest('hex'));
    expect(await second.evalsha(sha, 2, 'spend-event:e3', 'spend:c2:2026-11-21', '1.5', '3600')).toBe(1);
    expect(await second.evalsha(sha, 2, 'spend-event:e3', 'spend:c2:2026-11-21', '1.5', '3600')).toBe(0);
    await expect(first.evalsha('0'.repeat(40), 0)).rejects.toThrow(/NOSCRIPT/);
  });

  it('serves a script defined with defineCommand (EVALSHA, falling back to EVAL on NOSCRIPT)', async () => {
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    client.defineCommand('addSpendOnce', { numberOfKeys: 2, lua: ADD_SPEND_ONCE });
    const addSpendOnce = (client as unknown as Record<string, (...args: string[]) => Promise<number>>)['addSpendOnce']!;
    expect(await addSpendOnce.call(client, 'spend-event:e4', 'spend:c3:2026-11-21', '2', '3600')).toBe(1);
    expect(await first.get('spend:c3:2026-11-21')).toBe('2');
    client.disconnect();
  });

  it('answers an unknown command, or a client-object method name, with an error rather than running it', async () => {
    await expect(first.call('NO-SUCH-COMMAND')).rejects.toThrow(/unknown command/);
    await expect(first.call('DISCONNECT')).rejects.toThrow(/unknown command/);
    expect(await second.ping()).toBe('PONG');
  });

  it('keeps each connection’s replies in the order of its pipelined commands', async () => {
    const pipeline = first.pipeline();
    for (let index = 0; index < 50; index += 1) pipeline.incr('counter');
    const results = await pipeline.exec();
    expect(results?.map(([, value]) => value)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });
});
