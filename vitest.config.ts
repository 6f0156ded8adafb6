import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One directory per run: process groups and network namespaces the tests make are
    // recorded there, and whatever a failed test left is killed or removed at the end.
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts'],
  },
});
