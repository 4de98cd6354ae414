import * as grpc from '@grpc/grpc-js';
import { loadProfileService } from './profile-proto.ts';
import type { BatchGetProfilesResult, Profile, ProfileInput, UpsertProfileResult } from './profile.ts';

export interface ProfileClientOptions {
  /** host:port of the ProfileService (h2c), e.g. `profile.helios.svc.cluster.local:80` */
  address: string;
  /** deadline of each call unless the call gives its own; default 100 ms */
  deadlineMs?: number;
  /** default: insecure (h2c), as Knative serves a port named h2c inside the cluster */
  credentials?: grpc.ChannelCredentials;
  /** grpc-js channel options, over Helios's defaults */
  channelOptions?: grpc.ChannelOptions;
}

export interface ProfileCallOptions {
  deadlineMs?: number;
  /** W3C traceparent of the caller's span, sent as the `traceparent` metadata entry */
  traceparent?: string;
  /**
   * Wait, within the deadline, for a channel that is reconnecting, instead of failing at once with
   * UNAVAILABLE. (A channel that is connecting for the first time, or again after idling, queues the
   * call either way.)
   */
  waitForReady?: boolean;
}

/** The ProfileService, with promises. Every call rejects with grpc-js's ServiceError (`code` a gRPC status). */
export interface ProfileClient {
  /** Rejects with status NOT_FOUND when the user has no profile. */
  getProfile(userId: string, options?: ProfileCallOptions): Promise<Profile>;
  batchGetProfiles(userIds: readonly string[], options?: ProfileCallOptions): Promise<BatchGetProfilesResult>;
  upsertProfile(profile: ProfileInput, options?: ProfileCallOptions): Promise<UpsertProfileResult>;
  /** Resolves once the channel is connected; rejects when it is not within `deadlineMs`. */
  waitForReady(deadlineMs: number): Promise<void>;
  close(): void;
}

/**
 * Reconnect quickly after the profile service restarts: grpc-js's defaults back off up to 120 s, while
 * the bidder wants its profiles back within seconds (at most 1 s between attempts). Keepalive pings,
 * also between calls, find a dead connection before a bid does.
 */
const CHANNEL_DEFAULTS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1_000,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
};

type Unary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

/**
 * A ProfileService client over one channel, kept ready: it connects at once (not at the first call,
 * whose deadline could not absorb the connection set-up), and whenever the channel falls idle (grpc-js
 * idles it after 30 min without calls) or loses its connection, it starts connecting again at once
 * instead of waiting for the next call. Each call carries a deadline (grpc-js cancels it at the deadline
 * with DEADLINE_EXCEEDED) and the caller's traceparent; asked to, it waits within that deadline for a
 * channel that is reconnecting (waitForReady), instead of failing at once.
 */
export function createProfileClient(options: ProfileClientOptions): ProfileClient {
  const ProfileService = loadProfileService();
  const client = new ProfileService(options.address, options.credentials ?? grpc.credentials.createInsecure(), {
    ...CHANNEL_DEFAULTS,
    ...options.channelOptions,
  });
  const defaultDeadlineMs = options.deadlineMs ?? 100;
  const channel = client.getChannel();
  let closed = false;
  const keepConnecting = (): void => {
    if (closed) return;
    const state = channel.getConnectivityState(true);
    if (state === grpc.connectivityState.SHUTDOWN) return;
    // Infinity: no deadline on the watch; it fires on the next change of state.
    channel.watchConnectivityState(state, Infinity, () => keepConnecting());
  };
  keepConnecting();

  function call<T>(method: string, request: unknown, callOptions: ProfileCallOptions = {}): Promise<T> {
    const metadata = new grpc.Metadata({ waitForReady: callOptions.waitForReady ?? false });
    if (callOptions.traceparent) metadata.set('traceparent', callOptions.traceparent);
    const deadline = Date.now() + (callOptions.deadlineMs ?? defaultDeadlineMs);
    const unary = (client as unknown as Record<string, Unary>)[method]!.bind(client);
    return new Promise<T>((resolve, reject) => {
      unary(request, metadata, { deadline }, (error, response) => (error ? reject(error) : resolve(response as T)));
    });
  }

  return {
    getProfile: (userId, callOptions) => call<Profile>('GetProfile', { userId }, callOptions),
    batchGetProfiles: (userIds, callOptions) =>
      call<BatchGetProfilesResult>('BatchGetProfiles', { userIds: [...userIds] }, callOptions),
    upsertProfile: (profile, callOptions) => call<UpsertProfileResult>('UpsertProfile', { profile }, callOptions),
    waitForReady: (deadlineMs) =>
      new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + deadlineMs, (error) => (error ? reject(error) : resolve())),
      ),
    close: () => {
      closed = true;
      client.close();
    },
  };
}
