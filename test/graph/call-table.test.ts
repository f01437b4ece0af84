import { describe, expect, it } from 'vitest';
import {
  CALL_BLOCK_MASK,
  CALL_BLOCK_SIZE,
  CallTable,
  NO_PARENT,
} from '../../src/graph/call-table.js';
import type { LlmEvent } from '../../src/graph/index.js';
import { llmEvent, T0 } from '../helpers/llm-lines.js';

describe('CallTable', () => {
  it('keeps every call at its index across blocks, the first block grown in place', () => {
    const table = new CallTable();
    const count = 2 * CALL_BLOCK_SIZE + 5;
    for (let i = 0; i < count; i++) {
      const refused = table.add(
        llmEvent({
          eventId: `e${i}`,
          time: T0 + i,
          latencyMs: i % 7,
          inputTokens: 3,
          outputTokens: 4,
        }),
      );
      expect(refused).toBeUndefined();
    }
    expect(table.size).toBe(count);
    expect(table.blocks.map((block) => block.eventId.length)).toEqual([
      CALL_BLOCK_SIZE,
      CALL_BLOCK_SIZE,
      CALL_BLOCK_SIZE,
    ]);
    for (const i of [0, 31, 32, 2047, 2048, CALL_BLOCK_SIZE - 1, CALL_BLOCK_SIZE, count - 1]) {
      const block = table.blockOf(i);
      const at = i & CALL_BLOCK_MASK;
      expect([
        block.eventId[at],
        block.time[at],
        block.latencyMs[at],
        block.totalTokens[at],
      ]).toEqual([`e${i}`, T0 + i, i % 7, 7]);
      expect(table.indexOf(`e${i}`)).toBe(i);
    }
  });

  it('refuses a duplicate id (the first one stays) and an entry that cannot be placed', () => {
    const table = new CallTable(true);
    const first = llmEvent({ eventId: 'a', model: 'first' });
    expect(table.add(first)).toBeUndefined();
    expect(table.add(llmEvent({ eventId: 'a', model: 'second' }))).toBe('duplicate');
    expect(table.add({ eventId: 'b' } as LlmEvent)).toBe('invalid');
    expect(table.add(null as unknown as LlmEvent)).toBe('invalid');
    expect(table.size).toBe(1);
    expect(table.blockOf(0).model[0]).toBe('first');
    expect(table.events).toEqual([first]);
  });

  it('sealed, finds no id and refuses to add', () => {
    const table = new CallTable();
    table.add(llmEvent({ eventId: 'a' }));
    table.seal();
    expect(table.indexOf('a')).toBeUndefined();
    expect(() => table.add(llmEvent({ eventId: 'b' }))).toThrow(
      'CallTable: the table is sealed, its calls are linked',
    );
  });

  it('links a call to a parent kept before it in its correlation, and leaves the rest to the build', () => {
    const table = new CallTable();
    const added = [
      llmEvent({ eventId: 'root', correlationId: 'c' }),
      llmEvent({ eventId: 'child', correlationId: 'c', parentRequestId: 'root' }),
      llmEvent({ eventId: 'early', correlationId: 'c', parentRequestId: 'later' }),
      llmEvent({ eventId: 'later', correlationId: 'c' }),
      llmEvent({ eventId: 'elsewhere', correlationId: 'd', parentRequestId: 'root' }),
      llmEvent({ eventId: 'self', correlationId: 'c', parentRequestId: 'self' }),
    ];
    for (const event of added) table.add(event);
    const block = table.blockOf(0);
    expect(Array.from(block.parent.subarray(0, added.length))).toEqual([
      NO_PARENT,
      0,
      NO_PARENT,
      NO_PARENT,
      NO_PARENT,
      NO_PARENT,
    ]);
    // a parent found keeps one string per id: the parent's own
    expect(block.parentRequestId[1]).toBe(block.eventId[0]);
    expect(block.parentRequestId.slice(2, 6)).toEqual(['later', undefined, 'root', 'self']);
  });
});
