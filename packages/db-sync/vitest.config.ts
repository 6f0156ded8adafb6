import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'db-sync',
    include: ['src/**/*.test.ts'],
    // classic-level tests touch the disk; leave room on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
