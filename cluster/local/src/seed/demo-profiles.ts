import { seededRandom } from '@helios/core';

/** The interest categories of demo users, and the vocabulary demo campaigns target. */
export const INTEREST_CATEGORIES = [
  'automotive',
  'books',
  'finance',
  'food',
  'gaming',
  'health',
  'home',
  'music',
  'news',
  'sports',
  'technology',
  'travel',
] as const;

export type InterestCategory = (typeof INTEREST_CATEGORIES)[number];

const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
/** OpenRTB 2.6 §3.2.20 user.gender codes, lower-cased as proto/profile.proto's example has them. */
const GENDERS = ['f', 'm', 'o'] as const;
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'ja-JP'] as const;

export interface DemoProfile {
  readonly userId: string;
  /** Interests with scores in [0, 1], strongest first; never empty. */
  readonly interests: readonly { readonly category: InterestCategory; readonly score: number }[];
  /** The ProfileService's free attributes: `age_band` and `gender`. */
  readonly demographics: Readonly<Record<string, string>>;
  readonly locale: string;
}

export const DEMO_PROFILE_COUNT = 3_000;
export const DEMO_SEED = 20_261_121;

/** `user-001` … `user-3000`: zero-padded to at least three digits. */
export function demoUserId(index: number): string {
  return `user-${String(index).padStart(3, '0')}`;
}

/**
 * The demo users, the same on every run for the same seed: one to four distinct interests each, scores
 * in [0, 1] rounded to three decimals, an age band, a gender and a locale.
 */
export function demoProfiles(options: { count?: number; seed?: number } = {}): DemoProfile[] {
  const random = seededRandom(String(options.seed ?? DEMO_SEED));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const profiles: DemoProfile[] = [];
  for (let index = 1; index <= (options.count ?? DEMO_PROFILE_COUNT); index += 1) {
    const categories = new Set<InterestCategory>();
    const wanted = 1 + Math.floor(random() * 4);
    while (categories.size < wanted) categories.add(pick(INTEREST_CATEGORIES));
    const interests = [...categories]
      .map((category) => ({ category, score: Math.round(random() * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
    profiles.push(
      Object.freeze({
        userId: demoUserId(index),
        interests: Object.freeze(interests.map((interest) => Object.freeze(interest))),
        demographics: Object.freeze({ age_band: pick(AGE_BANDS), gender: pick(GENDERS) }),
        locale: pick(LOCALES),
      }),
    );
  }
  return profiles;
}
