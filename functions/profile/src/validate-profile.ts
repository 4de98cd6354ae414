import { InvalidFieldError } from '@helios/core';
import type { Interest, ProfileInput } from '@helios/core/profile';

/** Limits that keep one profile a small Redis value, read within a bid's few milliseconds. */
export const PROFILE_LIMITS = Object.freeze({
  userIdLength: 256,
  interests: 64,
  categoryLength: 128,
  demographics: 32,
  demographicKeyLength: 64,
  demographicValueLength: 256,
  batchSize: 1_000,
});

// BCP 47 (RFC 5646 §2.1) in its common shape: language, then subtags of 1-8 letters or digits.
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Checks a user id as the request field `field` names it.
 * Returns the id; throws InvalidFieldError `<field> must be a non-empty string of at most 256 characters`.
 */
export function validateUserId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > PROFILE_LIMITS.userIdLength) {
    throw new InvalidFieldError(
      field,
      `must be a non-empty string of at most ${PROFILE_LIMITS.userIdLength} characters`,
    );
  }
  return value;
}

/**
 * Checks BatchGetProfiles' ids. Returns them without duplicates, in request order.
 * Throws InvalidFieldError naming `user_ids` or `user_ids[i]`.
 */
export function validateUserIds(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > PROFILE_LIMITS.batchSize) {
    throw new InvalidFieldError('user_ids', `must hold 1 to ${PROFILE_LIMITS.batchSize} ids`);
  }
  const ids = value.map((id, index) => validateUserId(id, `user_ids[${index}]`));
  return [...new Set(ids)];
}

/**
 * Checks an UpsertProfile request's profile, field by field, and names the first field that breaks a
 * rule with the proto's own field names: `profile.interests[1].score must be in [0, 1]`.
 * Returns the profile to store (updated_at is the server's to set, so any given one is dropped).
 * Throws InvalidFieldError.
 */
export function validateProfile(value: unknown): Required<ProfileInput> {
  if (!value || typeof value !== 'object') throw new InvalidFieldError('profile', 'must be set');
  const profile = value as Record<string, unknown>;
  const userId = validateUserId(profile['userId'], 'profile.user_id');
  const interests = validateInterests(profile['interests'] ?? []);
  const demographics = validateDemographics(profile['demographics'] ?? {});
  const locale = profile['locale'] ?? '';
  if (typeof locale !== 'string' || (locale !== '' && !LOCALE.test(locale))) {
    throw new InvalidFieldError('profile.locale', 'must be a BCP 47 language tag such as en-GB, or empty');
  }
  return { userId, interests, demographics, locale };
}

function validateInterests(value: unknown): Interest[] {
  if (!Array.isArray(value) || value.length > PROFILE_LIMITS.interests) {
    throw new InvalidFieldError('profile.interests', `must hold at most ${PROFILE_LIMITS.interests} interests`);
  }
  const seen = new Set<string>();
  return value.map((interest: unknown, index) => {
    const field = `profile.interests[${index}]`;
    const { category, score } = (interest ?? {}) as Record<string, unknown>;
    if (typeof category !== 'string' || category.trim() === '' || category.length > PROFILE_LIMITS.categoryLength) {
      throw new InvalidFieldError(
        `${field}.category`,
        `must be a non-empty string of at most ${PROFILE_LIMITS.categoryLength} characters`,
      );
    }
    if (seen.has(category)) throw new InvalidFieldError(`${field}.category`, 'must be unique within the profile');
    seen.add(category);
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
      throw new InvalidFieldError(`${field}.score`, 'must be in [0, 1]');
    }
    return { category, score };
  });
}

function validateDemographics(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidFieldError('profile.demographics', 'must be a map of strings');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > PROFILE_LIMITS.demographics) {
    throw new InvalidFieldError('profile.demographics', `must hold at most ${PROFILE_LIMITS.demographics} entries`);
  }
  for (const [key, entry] of entries) {
    if (key.trim() === '' || key.length > PROFILE_LIMITS.demographicKeyLength) {
      throw new InvalidFieldError(
        'profile.demographics',
        `keys must be non-empty strings of at most ${PROFILE_LIMITS.demographicKeyLength} characters`,
      );
    }
    if (typeof entry !== 'string' || entry.length > PROFILE_LIMITS.demographicValueLength) {
      throw new InvalidFieldError(
        `profile.demographics["${key}"]`,
        `must be a string of at most ${PROFILE_LIMITS.demographicValueLength} characters`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
