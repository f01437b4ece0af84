import { describe, expect, it } from 'vitest';
import { criticalPath, ttftShare } from '../../src/cli/critical-path.js';
import { buildExecutionGraphs, type LlmEvent } from '../../src/graph/index.js';
import { llmEvent, T0 } from '../helpers/llm-lines.js';

/** A call from `start` to `end` (ms after T0). */
const span = (eventId: string, start: number, end: number, parent?: string): LlmEvent =>
  llmEvent({ eventId, time: T0 + end, latencyMs: end - start, parentRequestId: parent });

const pathOf = (events: LlmEvent[]) => {
  const [graph] = buildExecutionGraphs(events);
  if (graph === undefined) throw new Error('no graph');
  return [...criticalPath(graph)].map((node) => node.eventId).sort();
};

describe('critical path', () => {
  it.each([
    // plan 0-100, then search (100-400) and fetch (100-250) in parallel, then write 400-600
    ['skips the call that ran beside a longer one', 100, 250],
    // fetch 90-350 overlaps search's start: search waited for plan, which ended before it
    ['takes the call that ended before as what a call waited for, not one still running', 90, 350],
  ])('%s', (_, fetchStart, fetchEnd) => {
    const events = [
      span('plan', 0, 100),
      span('fetch', fetchStart, fetchEnd, 'plan'),
      span('search', 100, 400, 'plan'),
      span('write', 400, 600, 'search'),
    ];
    expect(pathOf(events)).toEqual(['plan', 'search', 'write']);
  });

  it('takes the call still running when none ended before', () => {
    expect(pathOf([span('a', 0, 1000), span('b', 500, 1500, 'a')])).toEqual(['a', 'b']);
  });

  it('goes inside a call that encloses its children, to the child that ended last', () => {
    // agent 0-1000 encloses a (0-300) and b (350-900) and c (100-200)
    const events = [
      span('agent', 0, 1000),
      span('a', 0, 300, 'agent'),
      span('b', 350, 900, 'agent'),
      span('c', 100, 200, 'agent'),
    ];
    expect(pathOf(events)).toEqual(['a', 'agent', 'b']);
  });

  it('is every call of a chain however deep (no recursion)', () => {
    const events = Array.from({ length: 20_000 }, (_, i) =>
      span(`n${i}`, i * 10, i * 10 + 10, i === 0 ? undefined : `n${i - 1}`),
    );
    expect(pathOf(events)).toHaveLength(20_000);
  });

  it('gives the share of wall-clock time spent waiting on a first token', () => {
    const [graph] = buildExecutionGraphs([span('plan', 0, 400), span('write', 400, 1000, 'plan')]);
    if (graph === undefined) throw new Error('no graph');
    const ttft = new Map([['write', 250]]);
    expect(ttftShare(criticalPath(graph), 1000, (node) => ttft.get(node.eventId))).toBe(0.25);
    expect(ttftShare(criticalPath(graph), 1000, () => undefined)).toBeNull();
    expect(ttftShare(criticalPath(graph), 0, () => 10)).toBeNull();
  });
});
