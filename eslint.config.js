import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'services/cli/bin.mjs', 'infra/toolchain/install.mjs', 'services/console/dist/**', 'services/consumer/dist/**', 'services/consumer/build-package.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed by Temporal and must stay deterministic: no Node built-ins, and
    // activities only as types (their implementations run in the worker, never in the workflow).
    files: ['workflows/**/*.workflow.ts', 'workflows/workflows.ts', 'workflows/**/*-signals.ts', 'services/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
          patterns: [
            {
              group: ['**/*activities*', '**/*.activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Workflows import activities as types only (proxyActivities<typeof ...>).',
            },
            { group: ['ioredis', 'kafkajs', 'fastify', 'pino', '@temporalio/worker', '@temporalio/client'], message: 'No I/O clients in workflow code.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' }, { name: 'process', message: 'No process access in workflows.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use workflow-safe randomness (uuid4 from @temporalio/workflow).' }],
    },
  },
  {
    files: ['test/**/*.ts', 'infra/**/*.ts', '*.config.ts', 'eslint.config.js'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
