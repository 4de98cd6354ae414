import { DependencyUnavailableError } from '@helios/core';
import type { Redis } from '@helios/core/redis';

/** Campaign spend per UTC day, kept current from won auctions. */
export interface SpendStore {
  /** What each campaign spent on `day` (0 when nothing). Throws DependencyUnavailableError. */
  spentOn(campaignIds: readonly string[], day: string): Promise<Map<string, number>>;
  /**
   * Adds `amount` to a campaign's spend on `day`, once per event (`eventKey`, the CloudEvent source and
   * id): resolves true when added, false for an event already counted. Throws DependencyUnavailableError.
   */
  addSpend(options: { eventKey: string; campaignId: string; day: string; amount: number }): Promise<boolean>;
}

/** Kept past any redelivery (Knative retries within minutes) and past the day the spend counts for. */
const RETENTION_SECONDS = 3 * 24 * 60 * 60;

/**
 * Marks the event and adds its spend in one atomic step, so a redelivered event, or two deliveries at
 * once, count once: SET NX of the event's key, and INCRBYFLOAT only when that SET took.
 */
export const ADD_SPEND_ONCE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('INCRBYFLOAT', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0`;

/**
 * Spend in Redis: `<prefix>spend:<campaign id>:<day>` holds the day's total, `<prefix>spend-event:<source>:<id>`
 * marks each counted event. The same code runs over ioredis and ioredis-mock.
 */
export function createSpendStore(options: { redis: Redis; keyPrefix?: string }): SpendStore {
  const { redis } = options;
  const prefix = options.keyPrefix ?? '';
  const spendKey = (campaignId: string, day: string) => `${prefix}spend:${campaignId}:${day}`;

  return {
    async spentOn(campaignIds, day) {
      if (campaignIds.length === 0) return new Map();
      let values: (string | null)[];
      try {
        values = await redis.mget(campaignIds.map((id) => spendKey(id, day)));
      } catch (error) {
        throw new DependencyUnavailableError('spend store (redis)', error);
      }
      return new Map(campaignIds.map((id, index) => [id, Number(values[index] ?? 0)]));
    },
    async addSpend({ eventKey, campaignId, day, amount }) {
      try {
        const added = await redis.eval(
          ADD_SPEND_ONCE,
          2,
          `${prefix}spend-event:${eventKey}`,
          spendKey(campaignId, day),
          String(amount),
          String(RETENTION_SECONDS),
        );
        return Number(added) === 1;
      } catch (error) {
        throw new DependencyUnavailableError('spend store (redis)', error);
      }
    },
  };
}
