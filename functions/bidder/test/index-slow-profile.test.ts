import { CloudEvent, HTTP } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidResponseEvent } from '@helios/core';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { startMemoryRedis } from '../../../test/helpers/memory-redis.ts';
import { serviceAvailable, TEST_DATABASE_URL } from '../../../test/helpers/services.ts';
import { startCaptureSink, type CaptureSink } from '../../../test/helpers/capture-sink.ts';
import { bidRequest } from './fixtures.ts';
import { startRuntime } from '../../../test/helpers/start-runtime.ts';
import { seedCampaigns } from './seed-campaigns.ts';
import { startSlowProfileServer } from './slow-profile-server.ts';

const postgresAvailable = await serviceAvailable('Postgres', TEST_DATABASE_URL);

describe.skipIf(!postgresAvailable)(
  'bidder with a profile service that never answers in time (default timeout)',
  () => {
    let database: TestDatabase;
    let slow: Awaited<ReturnType<typeof startSlowProfileServer>>;
    let sink: CaptureSink;
    let runtime: Awaited<ReturnType<typeof startRuntime>>;
    let url: string;
    let bidder: typeof import('../src/index.ts');
    let redis: Awaited<ReturnType<typeof startMemoryRedis>>;

    beforeAll(async () => {
      database = await createTestDatabase();
      redis = await startMemoryRedis();
      await seedCampaigns(database.database);
      // It never answers: a bid that is answered at all did not wait for the profile.
      slow = await startSlowProfileServer();
      sink = await startCaptureSink();
      Object.assign(process.env, {
        K_SINK: sink.url,
        DATABASE_URL: database.url,
        HELIOS_PROFILE_ADDRESS: slow.address,
        HELIOS_LOG_LEVEL: 'silent',
      });
      delete process.env['HELIOS_PROFILE_TIMEOUT_MS'];
      process.env['REDIS_URL'] = redis.url;
      bidder = await import('../src/index.ts');
      runtime = await startRuntime(bidder);
      url = runtime.url;
    });

    afterAll(async () => {
      await runtime?.close();
      await bidder?.shutdown();
      slow?.close();
      await sink?.close();
      await database?.drop();
      await redis?.close();
    });

    it('bids unenriched at the floor within the profile timeout', async () => {
      for (const id of ['req-slow-1', 'req-slow-2', 'req-slow-3']) {
        const request = bidRequest([1.5], { id, user: { id: 'sports-fan' }, tmax: 1_000 });
        const event = new CloudEvent<unknown>(
          {
            id: `request:${id}`,
            source: '/helios/ingest',
            type: 'dev.helios.bid.request',
            datacontenttype: 'application/json',
            data: { request, format: 'openrtb', receivedAt: new Date().toISOString() },
          },
          false,
        );
        const message = HTTP.binary(event);
        const response = await fetch(url, {
          method: 'POST',
          headers: message.headers as Record<string, string>,
          body: message.body as string,
        });
        expect(response.status).toBe(204);
      }
      expect(slow.calls()).toBeGreaterThanOrEqual(1);
      const answers = sink.events.map((event) => (event as CloudEvent<BidResponseEvent>).data!);
      expect(answers).toHaveLength(3);
      for (const answer of answers) {
        expect(answer.enriched).toBe(false);
        expect(answer.response.seatbid).toEqual([
          { seat: 'adv-b', bid: [{ id: `${answer.request.id}:1`, impid: '1', price: 1.5, cid: 'everyone', mtype: 1 }] },
        ]);
      }
      const metrics = await (await fetch(`${url}metrics`)).text();
      expect(metrics).toMatch(/helios_profile_lookup_seconds_count\{result="timeout"\} [1-9]/);
    });
  },
);
