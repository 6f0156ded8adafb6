import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'web-admin',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts'],
    // Component tests render in a DOM; the browser e2e file selects the node environment itself.
    environment: 'happy-dom',
    setupFiles: ['src/test/setup.ts'],
    // Rendering react-admin on a busy 2-core machine and the browser e2e need room.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
