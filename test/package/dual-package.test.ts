import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the built ESM and CJS entries, loaded in one process, share one store, global and configuration', () => {
  const script = fileURLToPath(new URL('./fixtures/dual-load.mjs', import.meta.url));
  const report = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
  expect(report).toEqual({
    distinctModules: true,
    cjsSeesEsmScope: { sessionId: 'from-esm' },
    esmSeesCjsTrace: 'from-cjs',
    esmSeesCjsGlobal: { environment: 'set-by-cjs' },
    cjsSeesEsmConfigure: { environment: 'configured-by-esm' },
    lines: [
      {
        level: 30,
        user_id: 'u1',
        feature: 'nested-in-cjs',
        environment: 'configured-by-esm',
        msg: 'cjs mixin',
      },
      {
        level: 30,
        user_id: 'u1',
        feature: 'nested-in-cjs',
        environment: 'configured-by-esm',
        msg: 'esm contextLogger',
      },
    ],
    oneStorage: true,
  });
});
