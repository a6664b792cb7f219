import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['eslint-rules/**/*.test.ts', 'gateway/**/*.test.ts', 'display/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on loopback: keep concurrency low on a 2-core machine.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
