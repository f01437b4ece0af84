import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOfId, IdIndex } from '../../src/graph/id-index.js';

/** Files `ids` in order as a call table does (an id seen before is not filed again); their indexes. */
function fileAll(ids: readonly string[], hash: (id: string) => number) {
  const kept: string[] = [];
  const index = new IdIndex((at) => kept[at] as string);
  for (const id of ids) {
    if (index.find(id, hash(id)) !== -1) continue;
    kept.push(id);
    index.insert(id, hash(id), kept.length - 1);
  }
  return { index, kept };
}

describe('the id index', () => {
  it('finds what a Map of the same ids finds, through every doubling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 600 }),
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 50 }),
        (ids, others) => {
          const { index, kept } = fileAll(ids, hashOfId);
          const map = new Map<string, number>();
          for (const id of ids) if (!map.has(id)) map.set(id, map.size);
          expect(kept).toEqual([...map.keys()]);
          for (const id of [...ids, ...others]) {
            expect(index.find(id, hashOfId(id))).toBe(map.get(id) ?? -1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps ids made to collide findable (past 32 steps they go to a Map), as it grows', () => {
    const ids = Array.from({ length: 3000 }, (_, n) => `crafted-${n}`);
    const { index } = fileAll([...ids, ...ids], () => 7);
    for (const [at, id] of ids.entries()) expect(index.find(id, 7)).toBe(at);
    expect(index.find('crafted-3000', 7)).toBe(-1);
    expect(index.find('crafted-1', hashOfId('crafted-1'))).toBe(-1);
  });

  it('hashes an id as FNV-1a over its UTF-16 code units', () => {
    expect(hashOfId('')).toBe(0x811c9dc5 | 0);
    expect(hashOfId('a')).toBe(0xe40c292c | 0);
    expect(hashOfId('foobar')).toBe(0xbf9cf968 | 0);
    expect(hashOfId('é')).toBe(Math.imul((0x811c9dc5 | 0) ^ 0xe9, 0x01000193));
  });
});
