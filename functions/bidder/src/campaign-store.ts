import { eq } from 'drizzle-orm';
import { DependencyUnavailableError, type Logger } from '@helios/core';
import { schema, type Database } from '@helios/core/db';
import type { Campaign } from './campaign.ts';

/** The active campaigns, from memory. */
export interface CampaignStore {
  /** The cached campaigns; loads them first if no load has succeeded yet. Throws DependencyUnavailableError. */
  current(): Promise<readonly Campaign[]>;
  /** true once a load has succeeded */
  readonly loaded: boolean;
  /** Stops refreshing. */
  stop(): void;
}

/**
 * Active campaigns read from Postgres through drizzle, kept in memory and reloaded every `refreshMs`,
 * so a bid reads none from the database. A failed reload keeps the last campaigns (logged): stale
 * campaigns bid better than none. Starts loading at once; `current()` waits for that first load.
 */
export function createCampaignStore(options: { database: Database; refreshMs: number; logger: Logger }): CampaignStore {
  const { database, logger } = options;
  let campaigns: readonly Campaign[] | undefined;
  let loading: Promise<readonly Campaign[]> | undefined;

  async function load(): Promise<readonly Campaign[]> {
    const rows = await database
      .select({
        id: schema.campaigns.id,
        advertiserId: schema.campaigns.advertiserId,
        categories: schema.campaigns.categories,
        maxBid: schema.campaigns.maxBid,
        dailyBudget: schema.campaigns.dailyBudget,
        adomain: schema.campaigns.adomain,
        creatives: schema.campaigns.creatives,
      })
      .from(schema.campaigns)
      .where(eq(schema.campaigns.active, true));
    campaigns = Object.freeze(
      rows.map((row) =>
        Object.freeze({
          ...row,
          categories: Object.freeze([...row.categories]),
          adomain: Object.freeze([...row.adomain]),
          creatives: Object.freeze([...row.creatives]),
        }),
      ),
    );
    return campaigns;
  }

  function reload(): Promise<readonly Campaign[]> {
    loading ??= load().finally(() => (loading = undefined));
    return loading;
  }

  reload().catch((error: unknown) => logger.warn({ err: error }, 'campaigns could not be loaded; retrying'));
  const timer = setInterval(() => {
    reload().catch((error: unknown) =>
      logger.warn({ err: error }, 'campaigns could not be refreshed; keeping the last ones'),
    );
  }, options.refreshMs);
  timer.unref();

  return {
    async current() {
      if (campaigns) return campaigns;
      try {
        return await reload();
      } catch (error) {
        throw new DependencyUnavailableError('campaign database', error);
      }
    },
    get loaded() {
      return campaigns !== undefined;
    },
    stop: () => clearInterval(timer),
  };
}
