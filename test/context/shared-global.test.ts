import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ENTRY = JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)));

/**
 * Runs `setup` (which may plant another copy's slot on `globalThis`), then loads the package in
 * a fresh process and runs `body`; returns the warnings and what `body` printed.
 */
function loadBeside(setup: string, body: string): { warnings: string[][]; result: unknown } {
  const script = `
    import { AsyncLocalStorage } from 'node:async_hooks';
    const warnings = [];
    process.on('warning', (w) => warnings.push([w.code, w.message]));
    ${setup}
    const lib = await import(${ENTRY});
    const result = await (async () => { ${body} })();
    await new Promise((resolve) => setImmediate(resolve));
    console.log(JSON.stringify({ warnings, result }));
  `;
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(output);
}

const CONFLICT =
  'leanllm-context: copies of this package with incompatible shared state are loaded in one process';

describe('the versioned global slot', () => {
  it('a copy of another shared-state version is said once, and neither misreads the other', () => {
    const { warnings, result } = loadBeside(
      `const fakeStorage = new AsyncLocalStorage();
       globalThis[Symbol.for('leanllm-context.v2')] = { version: 2, storage: fakeStorage, state: { frames: 'another layout' } };
       globalThis.fakeStorage = fakeStorage;`,
      `const seen = lib.withContext({ sessionId: 's1' }, () =>
         [lib.getSessionId(), globalThis.fakeStorage.getStore() ?? null]);
       const again = lib.withContext({ userId: 'u1' }, () => lib.getUserId());
       return { seen, again, fakeSlot: globalThis[Symbol.for('leanllm-context.v2')].state };`,
    );
    expect(result).toEqual({
      seen: ['s1', null],
      again: 'u1',
      fakeSlot: { frames: 'another layout' },
    });
    expect(warnings).toEqual([
      [
        'LEANLLM_VERSION_CONFLICT',
        `${CONFLICT} (this one: v1; others: v2); each keeps its own context, so a scope opened through one copy is not seen by another. Install one version (npm ls leanllm-context)`,
      ],
    ]);
  });

  it('a slot under its own key that it cannot read is reported and left alone', () => {
    const { warnings, result } = loadBeside(
      `globalThis[Symbol.for('leanllm-context.v1')] = { version: 1, storage: 'not a store' };`,
      `return {
         inside: lib.withContext({ feature: 'f' }, () => lib.getFeature()),
         slot: globalThis[Symbol.for('leanllm-context.v1')],
       };`,
    );
    expect(result).toEqual({ inside: 'f', slot: { version: 1, storage: 'not a store' } });
    expect(warnings.map(([code]) => code)).toEqual(['LEANLLM_VERSION_CONFLICT']);
    expect(warnings[0]?.[1]).toContain('others: an unreadable v1 slot');
  });

  it('a copy of the same version already loaded is joined: one store, no warning', () => {
    const { warnings, result } = loadBeside(
      `const { rootFrame } = await import(${JSON.stringify(fileURLToPath(new URL('../../src/context/frame.ts', import.meta.url)))});
       const storage = new AsyncLocalStorage();
       globalThis[Symbol.for('leanllm-context.v1')] = {
         version: 1, storage,
         state: { generation: 0, global: rootFrame(), config: { environment: 'from-the-other-copy' }, root: rootFrame() },
       };`,
      `const store = globalThis[Symbol.for('leanllm-context.v1')].storage;
       return lib.withContext({ sessionId: 's2' }, () => store.getStore()?.fields ?? null);`,
    );
    expect(warnings).toEqual([]);
    expect(result).toMatchObject({ sessionId: 's2' });
  });

  it('the one store is also at the documented key, Symbol.for("leanllm-context")', () => {
    const { warnings, result } = loadBeside(
      '',
      `const store = globalThis[Symbol.for('leanllm-context')];
       return {
         same: store === globalThis[Symbol.for('leanllm-context.v1')].storage,
         inside: lib.withContext({ sessionId: 's3' }, () => store.getStore()?.fields?.sessionId),
       };`,
    );
    expect(warnings).toEqual([]);
    expect(result).toEqual({ same: true, inside: 's3' });
  });
});
