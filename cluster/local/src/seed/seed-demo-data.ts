import type { Database } from '@helios/core/db';
import { createProfileClient } from '@helios/core/profile';
import { DEMO_ADVERTISERS, DEMO_CAMPAIGNS } from './demo-campaigns.ts';
import { DEMO_PROFILE_COUNT, demoProfiles } from './demo-profiles.ts';
import { seedCampaigns } from './seed-campaigns.ts';
import { seedProfiles } from './seed-profiles.ts';

/**
 * Inserts the demo advertisers and campaigns that are missing, telling `progress` what it did. Runs
 * before the bidder starts, so its first campaign load sees them. Rejects when the database does.
 */
export async function seedDemoCampaigns(options: {
  database: Database;
  progress: (message: string) => void;
}): Promise<void> {
  const inserted = await seedCampaigns({
    database: options.database,
    advertisers: DEMO_ADVERTISERS,
    campaigns: DEMO_CAMPAIGNS,
  });
  const kept = DEMO_ADVERTISERS.length - inserted.advertisers + DEMO_CAMPAIGNS.length - inserted.campaigns;
  options.progress(
    `seeded ${inserted.advertisers} advertisers and ${inserted.campaigns} campaigns${kept > 0 ? ` (${kept} rows were there already and were kept)` : ''}`,
  );
}

/**
 * The variable by which a function finds the ProfileService (the bidder's, from helios-config). The seed
 * is a client of that service like the bidder, so it looks it up the same way.
 */
const PROFILE_ADDRESS_VARIABLE = 'HELIOS_PROFILE_ADDRESS';

/** Where the demo profiles go: the address the cluster gives its functions, or undefined when none serves profiles. */
export function seedAddress(addresses: Readonly<Record<string, string>>): string | undefined {
  return addresses[PROFILE_ADDRESS_VARIABLE];
}

/**
 * Upserts the demo user profiles (user-001 …) through the profile service at `address`, telling
 * `progress` how far it got. Rejects when an upsert fails.
 */
export async function seedDemoProfiles(options: {
  address: string;
  count?: number | undefined;
  progress: (message: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const profiles = demoProfiles({ count: options.count ?? DEMO_PROFILE_COUNT });
  const client = createProfileClient({ address: options.address, deadlineMs: 5_000 });
  try {
    await client.waitForReady(10_000);
    await seedProfiles({
      client,
      profiles,
      concurrency: 32,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.progress(`seeded ${done}/${total} user profiles`),
    });
  } finally {
    client.close();
  }
}
