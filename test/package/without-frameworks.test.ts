import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = mkdtempSync(join(tmpdir(), 'leanllm-no-frameworks-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

it('the main entry loads, and its types name no framework, with only the runtime dependencies installed', () => {
  // An application with leanllm-context, its dependencies and pino — no fastify, express, bullmq.
  const modules = join(app, 'node_modules');
  const installed = join(modules, 'leanllm-context');
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(installed, 'package.json'));
  const { dependencies, peerDependencies } = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'),
  );
  for (const name of [...Object.keys(dependencies), ...Object.keys(peerDependencies)]) {
    symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir');
  }
  const probe = `
    const results = {};
    for (const name of ['fastify', 'express', 'bullmq']) {
      try { require.resolve(name); results[name] = 'resolvable'; } catch { results[name] = 'absent'; }
    }
    const cjs = require('leanllm-context');
    results.cjs = [typeof cjs.fastifyContext, typeof cjs.expressContext, typeof cjs.instrumentFetch];
    import('leanllm-context').then((esm) => {
      results.esm = [typeof esm.fastifyContext, typeof esm.expressContext, typeof esm.instrumentFetch];
      results.headers = esm.withContext({ sessionId: 's' }, () => esm.injectContext({}));
      console.log(JSON.stringify(results));
    });`;
  const output = execFileSync(process.execPath, ['-e', probe], { cwd: app, encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({
    fastify: 'absent',
    express: 'absent',
    bullmq: 'absent',
    cjs: ['function', 'function', 'function'],
    esm: ['function', 'function', 'function'],
    headers: { baggage: 'leanllm.session_id=s' },
  });
  for (const types of ['index.d.ts', 'index.d.cts']) {
    const declarations = readFileSync(join(installed, 'dist', types), 'utf8');
    expect(declarations).not.toMatch(/^import .* from ['"](fastify|express|bullmq|undici)['"]/m);
  }
});
