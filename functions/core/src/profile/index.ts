export { createProfileClient } from './profile-client.ts';
export { loadProfileService, resolveProfileProtoPath } from './profile-proto.ts';
export { status as GrpcStatus } from '@grpc/grpc-js';

export type { ProfileClient, ProfileClientOptions, ProfileCallOptions } from './profile-client.ts';
export type { Profile, ProfileInput, Interest, BatchGetProfilesResult, UpsertProfileResult } from './profile.ts';
