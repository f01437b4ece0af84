import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, generatedText, MODULES } from '../scripts/build-wasm.js';

describe('the WebAssembly modules', () => {
  it.each(MODULES.map((module) => [module.source.split('/').pop(), module] as const))(
    '%s is committed as what it compiles to (npm run build:wasm)',
    async (_name, module) => {
      expect(readFileSync(module.generated, 'utf8')).toBe(
        generatedText(module, await compile(module.source)),
      );
    },
    30_000,
  );
});
