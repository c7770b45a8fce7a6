import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const shared = {
  // Tests import the contract's TypeScript source, as `tsx --conditions=source` does in development.
  alias: [{ find: /^@roundtable\/contract\/(.*)$/, replacement: path.join(root, 'contract/src/$1.ts') }],
};
const serverTests = ['server/src/**/*.test.ts'];
/** Projects do not inherit the root's test options; each gets these. */
const timeouts = { testTimeout: 20_000, hookTimeout: 30_000 };

/** The same server tests run on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set. */
export default defineConfig({
  resolve: shared,
  test: {
    ...timeouts,
    projects: [
      // Pure web modules (formatters, validators, draft models), tested beside them without a browser.
      { resolve: shared, test: { ...timeouts, name: 'web', include: ['web/src/**/*.test.ts'] } },
      // The benchmark's own logic (reading budgets and targets).
      { resolve: shared, test: { ...timeouts, name: 'bench', include: ['bench/src/**/*.test.ts'] } },
      { resolve: shared, test: { ...timeouts, name: 'sqlite', include: serverTests, env: { TEST_DIALECT: 'sqlite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              resolve: shared,
              test: { ...timeouts, name: 'postgres', include: serverTests, env: { TEST_DIALECT: 'postgres' } },
            },
          ]
        : []),
    ],
  },
});
