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

// gRPC codes worth another try: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED. Seeding runs while
// the dashboard builds on the same cores, so a starved call is expected now and then, not a failure.
const TRANSIENT_CODES = new Set([14, 4, 8]);
const ATTEMPTS = 5;

async function withRetries<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== 'number' || !TRANSIENT_CODES.has(code)) throw error;
      signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/**
 * Upserts every profile through the ProfileService, as any client would (so it exercises the real
 * path). Upsert replaces a whole profile: running it again leaves the same data.
 * A call that fails transiently is tried again, up to 5 times with backoff; rejects with the first
 * error that is not transient, or with the last one.
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
      const request = {
        userId: profile.userId,
        interests: profile.interests.map((interest) => ({ category: interest.category, score: interest.score })),
        demographics: { ...profile.demographics },
        locale: profile.locale,
      };
      await withRetries(() => options.client.upsertProfile(request, { deadlineMs: 5_000 }), options.signal);
      done += 1;
      if (done % progressEvery === 0 || done === profiles.length) options.onProgress?.(done, profiles.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, profiles.length) }, worker));
}
