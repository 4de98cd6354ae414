import type * as grpc from '@grpc/grpc-js';
import { NotFoundError, type Logger } from '@helios/core';
import type { Profile } from '@helios/core/profile';
import type { ProfileStore } from './profile-store.ts';
import { unaryHandler } from './unary-handler.ts';
import { validateProfile, validateUserId, validateUserIds } from './validate-profile.ts';

/**
 * The handlers of helios.profile.v1.ProfileService over a store. Requests are validated first
 * (INVALID_ARGUMENT naming the field), an unknown user is NOT_FOUND, a failing store UNAVAILABLE.
 * `now` is the clock that stamps updated_at.
 */
export function createProfileService(options: {
  store: ProfileStore;
  logger: Logger;
  now?: () => Date;
}): grpc.UntypedServiceImplementation {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  return {
    GetProfile: unaryHandler<{ userId?: unknown }, Profile>({
      method: 'GetProfile',
      logger,
      async run(request) {
        const userId = validateUserId(request.userId, 'user_id');
        const profile = await store.get(userId);
        if (!profile) throw new NotFoundError(`profile for user_id "${userId}"`);
        return profile;
      },
    }),
    BatchGetProfiles: unaryHandler<{ userIds?: unknown }, { profiles: Profile[]; notFoundIds: string[] }>({
      method: 'BatchGetProfiles',
      logger,
      run: async (request) => store.getMany(validateUserIds(request.userIds)),
    }),
    UpsertProfile: unaryHandler<{ profile?: unknown }, { profile: Profile; created: boolean }>({
      method: 'UpsertProfile',
      logger,
      async run(request, log) {
        const profile: Profile = { ...validateProfile(request.profile), updatedAt: now().toISOString() };
        const created = await store.put(profile);
        log.debug({ userId: profile.userId, created }, 'profile written');
        return { profile, created };
      },
    }),
  };
}
