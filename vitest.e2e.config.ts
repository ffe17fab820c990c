import { defineConfig } from 'vitest/config';
import { E2E } from './vitest.config.js';

/** `npm run test:e2e`: the slow end-to-end tests only (installs from a tarball, a directory and git; pre-commit). */
export default defineConfig({
  test: {
    include: E2E,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // They install packages and run npm: one file at a time, so they do not fight for the cores.
    fileParallelism: false,
  },
});
