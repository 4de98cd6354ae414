import type { ProfileClient } from '@helios/core/profile';
import type { DemoProfile } from './demo-profiles.ts';

export interface SeedProfilesOptions {
  readonly client: ProfileClient;
  readonly profiles: readonly DemoProfile[];
  /** Upserts in flight at once: enough to hide the round trip, few enough not to swamp the service. */
  readonly concurrency?: number;
  /** Told how many are done, every `progressEvery` profiles and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** Aborting stops the upserts not yet started; the promise rejects with the reason. */
  readonly signal?: AbortSignal;
}

/**
 * Upserts every profile through the ProfileService, as any client would (so it exercises the real
 * path). Upsert replaces a whole profile: running it again leaves the same data.
 * Rejects with the first failed call's error.
 */
export async function seedProfiles(options: SeedProfilesOptions): Promise<void> {
  const { profiles } = options;
  const progressEvery = options.progressEvery ?? 500;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < profiles.length) {
      options.signal?.throwIfAborted();
      const profile = profiles[next++]!;
      await options.client.upsertProfile(
        {
          userId: profile.userId,
          interests: profile.interests.map((interest) => ({ category: interest.category, score: interest.score })),
          demographics: { ...profile.demographics },
          locale: profile.locale,
        },
        { deadlineMs: 5_000 },
      );
      done += 1;
      if (done % progressEvery === 0 || done === profiles.length) options.onProgress?.(done, profiles.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, profiles.length) }, worker));
}
