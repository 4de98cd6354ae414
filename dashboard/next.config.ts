import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The seed's API contract (helios-rtb-smoke.postman_collection.json) spells every URL with a trailing slash.
  trailingSlash: true,
  // ...and clients that drop it must get the same answer, not a 308: both forms are served as they come.
  skipTrailingSlashRedirect: true,
  // @helios/core ships TypeScript source whose relative imports end in `.ts`; Next compiles it with ours.
  transpilePackages: ['@helios/core'],
  // The build type-checks the app alone; `npm run typecheck -w dashboard` checks the tests too.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
