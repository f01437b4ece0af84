import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * The layers, lowest first (docs/architecture.md): a folder imports only from its own layer's
 * folder or a lower layer. The files at the top of src/ (the public entry, warnings) sit apart:
 * `index.ts` may import anything, `warnings.ts` nothing of ours.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['fields'],
  ['context'],
  ['pino', 'events', 'propagation', 'otel', 'capture', 'ai', 'langchain'],
  ['graph'],
  ['otlp', 'pretty'],
  ['cli'],
];
const layerOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every module a file imports or re-exports (static, dynamic, type-only alike). */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) specifiers.push((match[1] ?? match[2]) as string);
  return specifiers;
}

/** The top folder of src/ a path is in (`''` for a file at the top). */
const folderOf = (path: string): string => {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? (parts[0] as string) : '';
};

const edges = sourceFiles(SRC).flatMap((file) =>
  importsOf(readFileSync(file, 'utf8')).map((specifier) => ({
    file: relative(SRC, file),
    from: folderOf(file),
    specifier,
    to: specifier.startsWith('.') ? folderOf(resolve(dirname(file), specifier)) : undefined,
  })),
);

describe('the folder import graph', () => {
  it('reads every source file (the test is not vacuous)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(new Set(edges.map((edge) => edge.from))).toEqual(new Set(['', ...LAYERS.flat()]));
  });

  it('has no upward edge: each folder imports its own layer or a lower one', () => {
    const upward = edges
      .filter((edge) => edge.to !== undefined && edge.from !== '' && edge.to !== edge.from)
      .filter((edge) =>
        edge.to === ''
          ? !edge.specifier.endsWith('/warnings.js')
          : layerOf(edge.to as string) > layerOf(edge.from),
      )
      .map((edge) => `${edge.file} -> ${edge.specifier}`);
    expect(upward).toEqual([]);
  });

  it('keeps fields/ a leaf: no import of ours, no package', () => {
    expect(edges.filter((edge) => edge.from === 'fields' && edge.to !== 'fields')).toEqual([]);
  });

  it('keeps util/ a leaf: no import of ours, nothing but node:crypto', () => {
    expect(
      edges.filter(
        (edge) => edge.from === 'util' && edge.to !== 'util' && edge.specifier !== 'node:crypto',
      ),
    ).toEqual([]);
  });

  it('keeps graph/ pure: no Node built-in, nothing from context/', () => {
    const graph = edges.filter((edge) => edge.from === 'graph');
    expect(
      graph.filter((edge) => edge.specifier.startsWith('node:') || edge.to === 'context'),
    ).toEqual([]);
  });

  it('has no import cycle between files (type imports included)', () => {
    const importsOfFile = new Map<string, string[]>();
    for (const edge of edges) {
      if (!edge.specifier.startsWith('.')) continue;
      const target = relative(
        SRC,
        resolve(dirname(resolve(SRC, edge.file)), edge.specifier),
      ).replace(/\.js$/, '.ts');
      importsOfFile.set(edge.file, [...(importsOfFile.get(edge.file) ?? []), target]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      path.push(file);
      for (const next of importsOfFile.get(file) ?? []) {
        if (state.get(next) === 'open')
          cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else if (state.get(next) === undefined) visit(next);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of importsOfFile.keys()) if (state.get(file) === undefined) visit(file);
    expect(importsOfFile.size).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });

  it('keeps warnings.ts free of imports of ours', () => {
    expect(edges.filter((edge) => edge.file === 'warnings.ts' && edge.to !== undefined)).toEqual(
      [],
    );
  });
});
