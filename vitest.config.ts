import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

// Three projects, split by cost: unit tests; web component tests, which render Solid components in
// happy-dom; integration tests (real llama.cpp, LanceDB on disk, child processes, HTTP on 127.0.0.1,
// headless Chromium). At most two test files run at once (`maxWorkers: 2`, for the whole run and for the
// integration project): vitest's default on a two-core machine is one, which ran the whole suite file by
// file. Most integration tests wait on child processes, the browser or the disk: in a clean-clone run on
// a heavily loaded machine, files whose times add up to 4,115 s finished in 2,245 s. No test measures time.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [solid()],
        resolve: { conditions: ['development', 'browser'] },
        test: {
          name: 'web',
          include: ['tests/web/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/helpers/setup-integration.ts'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
