import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    name: 'e2e',
    include: ['**/*.e2e.test.ts'],
    // Whole-system tests start processes and may install Debian packages on first run.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
