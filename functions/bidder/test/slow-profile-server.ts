import * as grpc from '@grpc/grpc-js';
import { loadProfileService, type Profile } from '@helios/core/profile';

/** A real ProfileService whose GetProfile never answers: the profile service, stuck. */
export interface SlowProfileServer {
  readonly address: string;
  /** GetProfile calls received. */
  calls(): number;
  /** Calls the caller gave up on (its deadline passed, or it cancelled): the server stopped waiting for them. */
  cancelled(): number;
  /** Milliseconds each call had left of its gRPC deadline when it arrived (Infinity without one). */
  deadlinesLeftMs(): readonly number[];
  close(): void;
}

/** Starts a ProfileService on a free port of 127.0.0.1 that holds every GetProfile until its caller lets go. */
export async function startSlowProfileServer(): Promise<SlowProfileServer> {
  const server = new grpc.Server();
  let calls = 0;
  let cancelled = 0;
  const deadlinesLeftMs: number[] = [];
  server.addService(loadProfileService().service, {
    GetProfile(call: grpc.ServerUnaryCall<{ userId: string }, Profile>) {
      calls += 1;
      const deadline = call.getDeadline();
      deadlinesLeftMs.push(deadline === Infinity ? Infinity : new Date(deadline).getTime() - Date.now());
      call.on('cancelled', () => (cancelled += 1));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    calls: () => calls,
    cancelled: () => cancelled,
    deadlinesLeftMs: () => [...deadlinesLeftMs],
    close: () => server.forceShutdown(),
  };
}
