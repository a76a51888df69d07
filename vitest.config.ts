import { defineConfig } from 'vitest/config';

// Two projects, split by cost: fast unit tests run in parallel; integration tests (real llama.cpp,
// LanceDB on disk, child processes, HTTP on 127.0.0.1) run one file at a time so that model tests
// never compete for the two cores.
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
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
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
