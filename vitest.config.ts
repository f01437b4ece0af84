import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    // `npm run coverage` (`npm test -- --coverage` in .ci/run): the run fails below these
    // figures, set about a point under what the suite reached (lines 95.0, statements 93.9,
    // branches 90.0, functions 93.7 on 2026-11-30; code that runs only in a worker thread or a
    // child process, such as the bin and the reading worker, is not counted). Files at 100% are
    // left out of the table.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { lines: 94, statements: 93, branches: 89, functions: 92 },
    },
  },
});
