import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

/** Asks a server's grpc.health.v1 Health service for a service's status ('' is the whole server). */
export async function checkHealth(address: string, service = ''): Promise<string> {
  const Health = grpc.makeClientConstructor(healthService as unknown as grpc.ServiceDefinition, 'Health');
  const client = new Health(address, grpc.credentials.createInsecure()) as unknown as {
    check(
      request: { service: string },
      options: grpc.CallOptions,
      callback: (error: grpc.ServiceError | null, response: { status: string }) => void,
    ): void;
    close(): void;
  };
  try {
    return await new Promise<string>((resolve, reject) =>
      client.check({ service }, { deadline: Date.now() + 2_000 }, (error, response) =>
        error ? reject(error) : resolve(response.status),
      ),
    );
  } finally {
    client.close();
  }
}
