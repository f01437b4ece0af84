import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    // `npm run coverage` (`npm test -- --coverage` in .ci/run): the run fails below these
    // figures, set a point or two under what the suite reached (lines 97.6, statements 96.8,
    // branches 92.2, functions 96.0 on 2026-11-30). Files at 100% are left out of the table.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { lines: 94, statements: 93, branches: 89, functions: 92 },
    },
  },
});
