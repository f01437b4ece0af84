import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScan, GENERATED, generatedModule } from '../../../scripts/build-wasm.js';

describe('the scan compiled to WebAssembly', () => {
  it('is committed as what wasm/json-line-scan.ts compiles to (npm run build:wasm)', async () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedModule(await compileScan()));
  }, 30_000);
});
