import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the built leanllm-context/otel entry, ESM or CJS, reads the context the other build set', () => {
  const script = fileURLToPath(new URL('./fixtures/otel-dual-load.mjs', import.meta.url));
  const report = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
  expect(report).toEqual({
    distinctModules: true,
    esmScopeCjsProcessor: [{ 'session.id': 'from-esm' }],
    cjsScopeEsmProcessor: [{ 'gen_ai.conversation.id': 'from-cjs' }],
    cjsOtelSeesEsmScope: { 'user.id': 'u1' },
  });
});
