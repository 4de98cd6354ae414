import { describe, expect, it } from 'vitest';
import { InvalidFieldError } from '@helios/core';
import { validateProfile, validateUserId, validateUserIds } from '../src/validate-profile.ts';

const valid = {
  userId: 'user-1',
  interests: [
    { category: 'IAB17', score: 0.9 },
    { category: 'IAB19', score: 0.2 },
  ],
  demographics: { age_band: '25-34' },
  locale: 'en-GB',
};

describe('validateProfile', () => {
  it('returns a valid profile without the updated_at the server sets', () => {
    expect(validateProfile({ ...valid, updatedAt: '1999-01-01T00:00:00Z' })).toEqual(valid);
  });

  it('fills in empty collections and locale when they are absent', () => {
    expect(validateProfile({ userId: 'u' })).toEqual({ userId: 'u', interests: [], demographics: {}, locale: '' });
  });

  // request → expected message, naming the proto field and the rule
  const invalid: [string, unknown, string][] = [
    ['no profile', undefined, 'profile must be set'],
    [
      'an empty user id',
      { ...valid, userId: ' ' },
      'profile.user_id must be a non-empty string of at most 256 characters',
    ],
    ['a user id too long', { ...valid, userId: 'x'.repeat(257) }, 'profile.user_id must be a non-empty string'],
    [
      'a score above 1',
      { ...valid, interests: [valid.interests[0], { category: 'IAB2', score: 1.5 }] },
      'profile.interests[1].score must be in [0, 1]',
    ],
    [
      'a negative score',
      { ...valid, interests: [{ category: 'IAB2', score: -0.1 }] },
      'profile.interests[0].score must be in [0, 1]',
    ],
    [
      'a NaN score',
      { ...valid, interests: [{ category: 'IAB2', score: Number.NaN }] },
      'profile.interests[0].score must be in [0, 1]',
    ],
    [
      'an empty category',
      { ...valid, interests: [{ category: '', score: 0.5 }] },
      'profile.interests[0].category must be a non-empty string',
    ],
    [
      'a repeated category',
      {
        ...valid,
        interests: [
          { category: 'IAB2', score: 0.5 },
          { category: 'IAB2', score: 0.1 },
        ],
      },
      'profile.interests[1].category must be unique within the profile',
    ],
    [
      'too many interests',
      { ...valid, interests: Array.from({ length: 65 }, (_, i) => ({ category: `c${i}`, score: 0.1 })) },
      'profile.interests must hold at most 64 interests',
    ],
    [
      'a bad locale',
      { ...valid, locale: 'english!' },
      'profile.locale must be a BCP 47 language tag such as en-GB, or empty',
    ],
    [
      'a non-string demographic',
      { ...valid, demographics: { age: 30 } },
      'profile.demographics["age"] must be a string',
    ],
  ];

  it.each(invalid)('rejects %s, naming the field and the rule', (_name, input, message) => {
    let thrown: unknown;
    try {
      validateProfile(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidFieldError);
    expect((thrown as Error).message).toContain(message);
  });
});

describe('validateUserIds', () => {
  it('keeps the order and drops duplicates', () => {
    expect(validateUserIds(['b', 'a', 'b'])).toEqual(['b', 'a']);
  });

  it('names the offending entry', () => {
    expect(() => validateUserIds(['a', ''])).toThrow('user_ids[1] must be a non-empty string');
  });

  it('rejects an empty batch and one over the limit', () => {
    expect(() => validateUserIds([])).toThrow('user_ids must hold 1 to 1000 ids');
    expect(() => validateUserIds(Array.from({ length: 1001 }, (_, i) => `u${i}`))).toThrow(
      'user_ids must hold 1 to 1000 ids',
    );
  });
});

describe('validateUserId', () => {
  it('returns the id, or names the field it came from', () => {
    expect(validateUserId('u-1', 'user_id')).toBe('u-1');
    expect(() => validateUserId(42, 'user_id')).toThrow('user_id must be a non-empty string');
  });
});
