/**
 * A user's profile as the ProfileService (proto/profile.proto, package helios.profile.v1) carries it,
 * with proto-loader's camelCase field names: `user_id` is `userId` here, and stays `user_id` in error
 * messages, which name the proto field.
 */
export interface Interest {
  category: string;
  /** in [0, 1] */
  score: number;
}

export interface Profile {
  userId: string;
  interests: Interest[];
  demographics: Record<string, string>;
  /** BCP 47 language tag; empty when unknown */
  locale: string;
  /** RFC 3339, set by the server on upsert */
  updatedAt: string;
}

/** What a caller writes: the server sets `updatedAt`, and absent collections are empty. */
export interface ProfileInput {
  userId: string;
  interests?: Interest[];
  demographics?: Record<string, string>;
  locale?: string;
}

export interface BatchGetProfilesResult {
  profiles: Profile[];
  notFoundIds: string[];
}

export interface UpsertProfileResult {
  profile: Profile;
  /** true when the user had no profile before */
  created: boolean;
}
