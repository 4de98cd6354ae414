import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'functions/*/test/**/*.test.ts',
      'cluster/**/test/**/*.test.ts',
      'dashboard/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start servers and brokers on fixed ports: one file at a time keeps them apart.
    fileParallelism: false,
    reporters: ['default'],
  },
});
