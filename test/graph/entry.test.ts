import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as graph from '../../src/graph/index.js';
import * as main from '../../src/index.js';

describe('the leanllm-context/graph entry', () => {
  it('exports the graph API, which the main entry re-exports', () => {
    expect(Object.keys(graph).sort()).toEqual([
      'buildExecutionGraphs',
      'parseLogLine',
      'parseToolCalls',
    ]);
    expect(main.buildExecutionGraphs).toBe(graph.buildExecutionGraphs);
    expect(main.parseLogLine).toBe(graph.parseLogLine);
    expect(main.parseToolCalls).toBe(graph.parseToolCalls);
  });

  it('is pure: no Node built-ins, nothing from the context part, nothing imported at run time', () => {
    const dir = new URL('../../src/graph/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) {
        expect(specifier, file).not.toMatch(/^node:|\/context\//);
      }
    }
    for (const built of ['index.js', 'index.cjs']) {
      const code = readFileSync(new URL(`../../dist/graph/${built}`, import.meta.url), 'utf8');
      expect(code).not.toMatch(/^import |require\(|from ["']/m);
    }
  });
});
