import CircuitBreaker from 'opossum';
import type { Logger } from '@helios/core';
import { GrpcStatus, type Profile, type ProfileCallOptions, type ProfileClient } from '@helios/core/profile';
import { profileBreakerState, profileLookupSeconds } from './metrics.ts';

export type LookupResult = 'found' | 'not_found' | 'timeout' | 'open' | 'error';

export interface ProfileLookup {
  /**
   * The user's profile, or undefined when there is none to use: unknown user, or the profile service
   * failing, slow past the timeout, or cut off by the open breaker. Never rejects: a bid without a
   * profile is still a bid (unenriched, at the floor).
   */
  lookup(
    userId: string,
    options: { deadlineMs: number; traceparent?: string },
  ): Promise<{ profile?: Profile; result: LookupResult }>;
  /** Stops the breaker's timers. */
  shutdown(): void;
}

interface Found {
  profile?: Profile;
  result: LookupResult;
}

/**
 * Profile lookups through an opossum circuit breaker: each lookup may take `timeoutMs` (and the gRPC
 * call carries the same deadline, so the server stops working on it too); when half the recent lookups
 * fail the breaker opens, and lookups answer "no profile" at once, without a call, for `resetMs`, before
 * one trial call. An unknown user (NOT_FOUND) or an id the service rejects is an answer, not a failure.
 */
export function createProfileLookup(options: {
  client: ProfileClient;
  timeoutMs: number;
  resetMs: number;
  logger: Logger;
}): ProfileLookup {
  const { client, logger } = options;
  const breaker = new CircuitBreaker(
    async (userId: string, callOptions: ProfileCallOptions): Promise<Found> => {
      try {
        return { profile: await client.getProfile(userId, callOptions), result: 'found' };
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === GrpcStatus.NOT_FOUND || code === GrpcStatus.INVALID_ARGUMENT) return { result: 'not_found' };
        throw error;
      }
    },
    {
      name: 'profile',
      timeout: options.timeoutMs,
      resetTimeout: options.resetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
    },
  );
  // opossum calls the fallback with fire()'s arguments and then the error.
  breaker.fallback((...args: unknown[]): Found => {
    const code = (args.at(-1) as { code?: unknown } | undefined)?.code;
    if (code === 'EOPENBREAKER') return { result: 'open' };
    if (code === 'ETIMEDOUT' || code === GrpcStatus.DEADLINE_EXCEEDED) return { result: 'timeout' };
    return { result: 'error' };
  });
  breaker.on('open', () => {
    profileBreakerState.set(2);
    logger.warn('profile breaker open: bidding without profiles');
  });
  breaker.on('halfOpen', () => profileBreakerState.set(1));
  breaker.on('close', () => {
    profileBreakerState.set(0);
    logger.info('profile breaker closed');
  });
  profileBreakerState.set(0);

  return {
    async lookup(userId, { deadlineMs, traceparent }) {
      const started = performance.now();
      const found = (await breaker.fire(userId, {
        deadlineMs: Math.max(1, Math.min(deadlineMs, options.timeoutMs)),
        traceparent,
      })) as Found;
      profileLookupSeconds.observe({ result: found.result }, (performance.now() - started) / 1_000);
      return found;
    },
    shutdown: () => breaker.shutdown(),
  };
}
