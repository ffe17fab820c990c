import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests that install packages or run the real pre-commit (most of the suite's time): run by
 * `npm run test:e2e` (vitest.e2e.config.ts), and by .ci/run after `npm test`.
 */
export const E2E = ['test/pre-commit.test.ts', 'test/install*.test.ts', 'test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...E2E],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
