import { defineConfig } from 'vitest/config';

// `npm run test:load`: the load tests (test/load/), apart from `npm test`. One file at a time,
// in one fork each, with room for 20,000 requests.
export default defineConfig({
  test: {
    include: ['test/load/**/*.load.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
