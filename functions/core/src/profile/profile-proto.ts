import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * Where proto/profile.proto is, wherever this module runs from:
 * - a function's esbuild bundle (functions/<name>/build/*.js): the build copies proto/*.proto to
 *   build/proto, because `kn func deploy --path functions/<name>` uploads that folder alone;
 * - the source (vitest, Node type stripping, the local cluster): the repository's proto/ folder.
 */
const CANDIDATES = [
  new URL('./proto/profile.proto', import.meta.url),
  new URL('../../../../proto/profile.proto', import.meta.url),
];

/**
 * The path of profile.proto: the first candidate that exists.
 * Throws when none does (a build that did not copy the proto), naming every place it looked.
 */
export function resolveProfileProtoPath(): string {
  const paths = CANDIDATES.map((url) => fileURLToPath(url));
  const found = paths.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`profile.proto not found; looked in ${paths.join(', ')}`);
  return found;
}

/**
 * proto-loader options shared by client and server: camelCase fields, defaults filled in (proto3 omits
 * empty values on the wire), enums and 64-bit numbers as strings.
 */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
};

let cached: grpc.ServiceClientConstructor | undefined;

/**
 * The generated client constructor of helios.profile.v1.ProfileService; its `.service` is the service
 * definition a server implements. Loaded once per process.
 * Throws when the proto cannot be found or parsed.
 */
export function loadProfileService(protoPath = resolveProfileProtoPath()): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const definition = protoLoader.loadSync(protoPath, LOADER_OPTIONS);
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    helios: { profile: { v1: { ProfileService: grpc.ServiceClientConstructor } } };
  };
  cached = loaded.helios.profile.v1.ProfileService;
  return cached;
}
