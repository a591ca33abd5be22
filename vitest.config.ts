import { defineConfig } from 'vitest/config';
import { TEST_ENVIRONMENT } from './test/support/test-environment.ts';


// Tiers by cost: unit (no network), integration and e2e (real servers, provisioned once per run by
// the global setup), data (real corpora under ../shared/data, run by CI, fails when they are missing).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Machines here are shared and noisy: a generous ceiling, never a timing assertion.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          // Integration and e2e share servers and consumer group names: they must never overlap.
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          env: { ...TEST_ENVIRONMENT },
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          env: { ...TEST_ENVIRONMENT },
          pool: 'forks',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'data',
          include: ['test/data/**/*.test.ts'],
          testTimeout: 600_000,
        },
      },
    ],
  },
});
