import CircuitBreaker from 'opossum';
import type { Logger } from '@helios/core';
import { GrpcStatus, type Profile, type ProfileCallOptions, type ProfileClient } from '@helios/core/profile';
import { profileBreakerState, profileLookupSeconds } from './metrics.ts';

export type LookupResult = 'found' | 'not_found' | 'timeout' | 'open' | 'error';

export interface ProfileLookup {
  /**
   * The user's profile, or undefined when there is none to use: unknown user, or the profile service
   * failing, slow past the timeout, or cut off by the open breaker. Never rejects: a bid without a
   * profile is still a bid (unenriched, at the floor). `deadlineMs` is the time its bid has left (less
   * the margin kept for sending the answer).
   */
  lookup(
    userId: string,
    options: { deadlineMs: number; traceparent?: string },
  ): Promise<{ profile?: Profile; result: LookupResult }>;
  /** The breaker's state: 'open' answers "no profile" without a call; 'half-open' lets one trial through. */
  state(): 'closed' | 'open' | 'half-open';
  /** Stops the breaker's timers. */
  shutdown(): void;
}

interface Found {
  profile?: Profile;
  result: LookupResult;
}

/**
 * Lookups in the rolling 10 s window before the breaker may open: enough that a few slow calls in a
 * burst cannot open it, few enough that a dead service is cut off within a second at 100 bids/s.
 */
const VOLUME_THRESHOLD = 20;
/** The event loop busier than this during a timed-out call: the time went here, not to profile. */
const SATURATED_EVENT_LOOP = 0.9;

/**
 * Profile lookups through an opossum circuit breaker. Each lookup's deadline is what its bid has left,
 * at most `timeoutMs` (the longest a healthy profile service takes, with room to spare); the
 * gRPC call carries it, so the server stops working on it too.
 *
 * What counts against profile, and may open the breaker (half of at least 20 lookups in 10 s): errors
 * that say the service is down or broken (UNAVAILABLE at once while nothing listens, INTERNAL, ...) and
 * timeouts that had the full `timeoutMs`. A timeout that had less, because its bid was already late,
 * or during which this process's own event loop was saturated, says nothing about profile: it costs
 * its bid the enrichment, not every bid after it. An unknown user (NOT_FOUND) or an id the service
 * rejects is an answer.
 *
 * Open, the breaker answers "no profile" at once for `resetMs`, then lets one trial lookup through
 * (half-open); the trial waits within its deadline for a reconnecting channel, counts whatever its
 * error, and closes the breaker when it succeeds.
 */
export function createProfileLookup(options: {
  client: ProfileClient;
  timeoutMs: number;
  resetMs: number;
  logger: Logger;
}): ProfileLookup {
  const { client, logger } = options;
  const breaker: CircuitBreaker<[string, ProfileCallOptions], Found> = new CircuitBreaker(
    async (userId: string, callOptions: ProfileCallOptions): Promise<Found> => {
      const eventLoop = performance.eventLoopUtilization();
      // The half-open trial waits for a reconnecting channel: failing at once would waste it.
      const trial = breaker.halfOpen;
      try {
        return { profile: await client.getProfile(userId, { ...callOptions, waitForReady: trial }), result: 'found' };
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === GrpcStatus.NOT_FOUND || code === GrpcStatus.INVALID_ARGUMENT) return { result: 'not_found' };
        const notProfilesFault =
          code === GrpcStatus.DEADLINE_EXCEEDED &&
          !trial &&
          ((callOptions.deadlineMs ?? options.timeoutMs) < options.timeoutMs ||
            performance.eventLoopUtilization(eventLoop).utilization > SATURATED_EVENT_LOOP);
        if (notProfilesFault) return { result: 'timeout' };
        throw error;
      }
    },
    {
      name: 'profile',
      // The gRPC deadline ends every call; a second timer of opossum's would only race it.
      timeout: false,
      resetTimeout: options.resetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: VOLUME_THRESHOLD,
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
      const found = await breaker.fire(userId, {
        deadlineMs: Math.max(1, Math.min(deadlineMs, options.timeoutMs)),
        traceparent,
      });
      profileLookupSeconds.observe({ result: found.result }, (performance.now() - started) / 1_000);
      return found;
    },
    state: () => (breaker.halfOpen ? 'half-open' : breaker.opened ? 'open' : 'closed'),
    shutdown: () => breaker.shutdown(),
  };
}
