import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

// Three projects, split by cost: fast unit tests run in parallel; web component tests render Solid
// components in happy-dom; integration tests (real llama.cpp, LanceDB on disk, child processes, HTTP on
// 127.0.0.1, headless Chromium) run one file at a time so that model tests never compete for the two cores.
export default defineConfig({
  test: {
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
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
