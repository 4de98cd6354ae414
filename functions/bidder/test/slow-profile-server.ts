import * as grpc from '@grpc/grpc-js';
import { loadProfileService, type Profile } from '@helios/core/profile';

/** A real ProfileService that answers every GetProfile after `delayMs`: the profile service, slow. */
export async function startSlowProfileServer(
  delayMs: number,
): Promise<{ address: string; calls: () => number; close(): void }> {
  const server = new grpc.Server();
  let calls = 0;
  server.addService(loadProfileService().service, {
    GetProfile(call: grpc.ServerUnaryCall<{ userId: string }, Profile>, callback: grpc.sendUnaryData<Profile>) {
      calls += 1;
      const timer = setTimeout(
        () =>
          callback(null, {
            userId: call.request.userId,
            interests: [{ category: 'IAB17', score: 1 }],
            demographics: {},
            locale: '',
            updatedAt: '',
          }),
        delayMs,
      );
      call.on('cancelled', () => clearTimeout(timer));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { address: `127.0.0.1:${port}`, calls: () => calls, close: () => server.forceShutdown() };
}
