import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources, so tests never run a stale build.
    conditions: ['source'],
  },
  ssr: {
    resolve: { conditions: ['source'], externalConditions: ['source'] },
  },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The fuzz and e2e tests are CPU-heavy on a 2-core machine; the default timeout is too tight.
    testTimeout: 60_000,
    // e2e hooks start real node processes: over 10 s each when the machine is shared.
    hookTimeout: 120_000,
  },
});
