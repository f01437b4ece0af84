import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'graph/index': 'src/graph/index.ts',
      'otel/index': 'src/otel/index.ts',
      'ai/index': 'src/ai/index.ts',
      'langchain/index': 'src/langchain/index.ts',
      'pretty/index': 'src/pretty/index.ts',
      'otlp/index': 'src/otlp/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    // `import.meta.url` in the CJS build: the price data is loaded with `createRequire` from both.
    shims: true,
  },
  {
    entry: { 'cli/bin': 'src/cli/bin.ts', 'cli/read-worker': 'src/cli/read/worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
