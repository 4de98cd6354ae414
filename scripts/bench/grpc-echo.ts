/**
 * The gRPC baseline: a bare @grpc/grpc-js unary echo service with identity (Buffer) serialisation, so it
 * costs only what grpc-js itself costs, no protobuf, no handler work.
 */
import * as grpc from '@grpc/grpc-js';

const ECHO_SERVICE: grpc.ServiceDefinition = {
  Echo: {
    path: '/helios.bench.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (value: Buffer) => value,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
  },
};

export interface EchoServer {
  readonly address: string;
  close(): Promise<void>;
}

export interface EchoClient {
  echo(payload: Buffer, deadlineMs: number): Promise<Buffer>;
  waitForReady(deadlineMs: number): Promise<void>;
  close(): void;
}

/** Starts the echo server on a free loopback port. */
export async function startEchoServer(): Promise<EchoServer> {
  const server = new grpc.Server();
  server.addService(ECHO_SERVICE, {
    Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
      callback(null, call.request),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** A client of the echo server over one channel, as the profile client uses one. */
export function createEchoClient(address: string): EchoClient {
  const Client = grpc.makeGenericClientConstructor(ECHO_SERVICE, 'Echo');
  const client = new Client(address, grpc.credentials.createInsecure());
  const unary = client['Echo'] as unknown as (
    request: Buffer,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response: Buffer) => void,
  ) => void;
  return {
    echo: (payload, deadlineMs) =>
      new Promise<Buffer>((resolve, reject) =>
        unary.call(client, payload, { deadline: Date.now() + deadlineMs }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      ),
    waitForReady: (deadlineMs) =>
      new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + deadlineMs, (error) => (error ? reject(error) : resolve())),
      ),
    close: () => client.close(),
  };
}
