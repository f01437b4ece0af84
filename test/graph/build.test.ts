import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCallGraphs } from '../../src/graph/build.js';
import {
  buildExecutionGraphs,
  type ExecutionGraph,
  type ExecutionNode,
  type GraphAnomaly,
  type LlmEvent,
} from '../../src/graph/index.js';
import { llmEvent, T0 } from '../helpers/llm-lines.js';

const ids = (nodes: readonly ExecutionNode[]) => nodes.map((node) => node.eventId);

/** The tree as nested [id, children] pairs: easy to compare exactly. */
type Shape = [string, Shape[]];
const shape = (graph: ExecutionGraph): Shape[] => {
  const of = (node: ExecutionNode): Shape => [node.eventId, node.children.map(of)];
  return graph.roots.map(of);
};

function buildWithAnomalies(events: LlmEvent[]) {
  const anomalies: [GraphAnomaly, string][] = [];
  const graphs = buildExecutionGraphs(events, {
    onAnomaly: (anomaly, event) => anomalies.push([anomaly, event.eventId]),
  });
  return { graphs, anomalies };
}

describe('buildExecutionGraphs', () => {
  it('builds one graph per correlation, with roll-ups over each subtree', () => {
    const events = [
      llmEvent({
        eventId: 'plan',
        time: T0 + 500,
        latencyMs: 500,
        cost: 0.01,
        inputTokens: 100,
        outputTokens: 20,
      }),
      llmEvent({ eventId: 'other', correlationId: 'corr-2', time: T0 + 40, latencyMs: 50 }),
      llmEvent({
        eventId: 'tool-b',
        parentRequestId: 'plan',
        time: T0 + 900,
        latencyMs: 300,
        cost: 0.002,
        totalTokens: 40,
      }),
      llmEvent({
        eventId: 'tool-a',
        parentRequestId: 'plan',
        time: T0 + 800,
        latencyMs: 250,
        totalTokens: 10,
      }),
      llmEvent({
        eventId: 'answer',
        parentRequestId: 'plan',
        time: T0 + 1400,
        latencyMs: 400,
        cost: 0.02,
      }),
      llmEvent({
        eventId: 'nested',
        parentRequestId: 'tool-a',
        time: T0 + 690,
        latencyMs: 100,
        cost: 0.001,
      }),
    ];
    const { graphs, anomalies } = buildWithAnomalies(events);
    expect(anomalies).toEqual([]);
    expect(graphs.map((graph) => graph.correlationId)).toEqual(['corr-2', 'corr-1']);
    const graph = graphs[1] as ExecutionGraph;
    expect(shape(graph)).toEqual([
      [
        'plan',
        [
          ['tool-a', [['nested', []]]],
          ['tool-b', []],
          ['answer', []],
        ],
      ],
    ]);
    const [plan] = graph.roots;
    expect(plan).toMatchObject({
      eventId: 'plan',
      startTime: T0,
      endTime: T0 + 500,
      totalTokens: 120,
      subtreeLatencyMs: 500 + 250 + 100 + 300 + 400,
      subtreeTokens: 120 + 10 + 40,
      subtreeWallClockMs: 1400,
    });
    expect(plan?.subtreeCost).toBeCloseTo(0.033, 12);
    const toolA = plan?.children[0];
    expect(toolA).toMatchObject({
      cost: undefined,
      subtreeCost: 0.001,
      subtreeTokens: 10,
      subtreeWallClockMs: 250,
    });
    expect(ids(graph.flatten())).toEqual(['plan', 'tool-a', 'nested', 'tool-b', 'answer']);
    expect(ids(graph.toOrderedSteps())).toEqual(['plan', 'tool-a', 'nested', 'tool-b', 'answer']);
    expect(graph.totalLatencyMs()).toBe(1550);
    expect(graph.totalCost()).toBeCloseTo(0.033, 12);
    expect(graph.totalTokens()).toBe(170);
  });

  it('keeps unknown as unknown: no cost or tokens anywhere gives undefined, not 0', () => {
    const [graph] = buildExecutionGraphs([
      llmEvent({ eventId: 'a' }),
      llmEvent({ eventId: 'b', parentRequestId: 'a', inputTokens: 5 }),
    ]);
    expect(graph?.roots[0]).toMatchObject({ subtreeCost: undefined, subtreeTokens: undefined });
    expect(graph?.totalCost()).toBeUndefined();
    expect(graph?.totalTokens()).toBeUndefined();
  });

  it('orders roots and children by start time, ties in input order', () => {
    const [graph] = buildExecutionGraphs([
      llmEvent({ eventId: 'late', time: T0 + 300, latencyMs: 100 }),
      llmEvent({ eventId: 'tie-1', time: T0 + 150, latencyMs: 50 }),
      llmEvent({ eventId: 'tie-2', time: T0 + 110, latencyMs: 10 }),
      llmEvent({ eventId: 'early', time: T0 + 500, latencyMs: 450 }),
    ]);
    expect(ids(graph?.roots ?? [])).toEqual(['early', 'tie-1', 'tie-2', 'late']);
    expect(ids(graph?.toOrderedSteps() ?? [])).toEqual(['early', 'tie-1', 'tie-2', 'late']);
  });

  it('drops a parent in another correlation: the child is a root of its own group, an orphan', () => {
    const { graphs, anomalies } = buildWithAnomalies([
      llmEvent({ eventId: 'a', correlationId: 'x' }),
      llmEvent({ eventId: 'b', correlationId: 'y', parentRequestId: 'a' }),
      llmEvent({ eventId: 'c', correlationId: 'y', parentRequestId: 'missing' }),
    ]);
    expect(graphs.map((graph) => [graph.correlationId, shape(graph)])).toEqual([
      ['x', [['a', []]]],
      [
        'y',
        [
          ['b', []],
          ['c', []],
        ],
      ],
    ]);
    expect(graphs[1]?.roots[0]?.parentRequestId).toBe('a');
    expect(anomalies).toEqual([
      ['orphan', 'b'],
      ['orphan', 'c'],
    ]);
  });

  it('keeps the first event of a duplicated id and reports the others', () => {
    const { graphs, anomalies } = buildWithAnomalies([
      llmEvent({ eventId: 'a', model: 'first' }),
      llmEvent({ eventId: 'a', model: 'second' }),
      llmEvent({ eventId: 'b', parentRequestId: 'a' }),
      llmEvent({ eventId: 'a', correlationId: 'other', model: 'third' }),
    ]);
    expect(graphs).toHaveLength(1);
    expect(graphs[0]?.roots[0]?.model).toBe('first');
    expect(shape(graphs[0] as ExecutionGraph)).toEqual([['a', [['b', []]]]]);
    expect(anomalies).toEqual([
      ['duplicate', 'a'],
      ['duplicate', 'a'],
    ]);
  });

  it('cuts a cycle at the call that started first, and a self-parent', () => {
    const { graphs, anomalies } = buildWithAnomalies([
      llmEvent({ eventId: 'a', parentRequestId: 'c', time: T0 + 200 }),
      llmEvent({ eventId: 'b', parentRequestId: 'a', time: T0 + 300 }),
      llmEvent({ eventId: 'c', parentRequestId: 'b', time: T0 + 100 }),
      llmEvent({ eventId: 'tail', parentRequestId: 'b', time: T0 + 400 }),
      llmEvent({ eventId: 'self', parentRequestId: 'self', time: T0 + 50 }),
    ]);
    expect(shape(graphs[0] as ExecutionGraph)).toEqual([
      ['self', []],
      ['c', [['a', [['b', [['tail', []]]]]]]],
    ]);
    expect(anomalies).toEqual([
      ['cycle', 'c'],
      ['cycle', 'self'],
    ]);
  });

  it('builds a 200,000-deep chain without recursion', () => {
    const depth = 200_000;
    const events: LlmEvent[] = [];
    for (let i = 0; i < depth; i++) {
      events.push(
        llmEvent({
          eventId: `e${i}`,
          ...(i > 0 && { parentRequestId: `e${i - 1}` }),
          time: T0 + i + 1,
          latencyMs: 1,
          cost: 1,
        }),
      );
    }
    const [graph] = buildExecutionGraphs(events.reverse());
    expect(graph?.roots).toHaveLength(1);
    expect(graph?.roots[0]).toMatchObject({
      eventId: 'e0',
      subtreeCost: depth,
      subtreeLatencyMs: depth,
      subtreeWallClockMs: depth,
    });
    const flat = graph?.flatten() ?? [];
    expect(flat).toHaveLength(depth);
    expect(flat[depth - 1]?.eventId).toBe(`e${depth - 1}`);
  });

  it('returns [] for no events', () => {
    expect(buildExecutionGraphs([])).toEqual([]);
  });
});

/** Random events: a few correlations, ids that repeat, parents anywhere (cycles included). */
const randomEvents = fc
  .array(
    fc.record({
      id: fc.integer({ min: 0, max: 40 }),
      parent: fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }),
      correlation: fc.constantFrom('x', 'y', 'z'),
      end: fc.integer({ min: 0, max: 1000 }),
      latency: fc.integer({ min: 0, max: 300 }),
      cost: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      tokens: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      failed: fc.boolean(),
      model: fc.constantFrom('gpt-4o', 'claude-sonnet-4-5'),
    }),
    { maxLength: 60 },
  )
  .map((records) =>
    records.map((r) =>
      llmEvent({
        eventId: `e${r.id}`,
        correlationId: r.correlation,
        ...(r.parent !== undefined && { parentRequestId: `e${r.parent}` }),
        time: T0 + r.end,
        latencyMs: r.latency,
        ...(r.cost !== undefined && { cost: r.cost / 1000 }),
        ...(r.tokens !== undefined && { totalTokens: r.tokens }),
        ...(r.failed && { status: 'error' as const }),
        model: r.model,
      }),
    ),
  );

const sumKnown = (values: (number | undefined)[]) =>
  values.reduce<number | undefined>(
    (sum, value) => (value === undefined ? sum : (sum ?? 0) + value),
    undefined,
  );

describe('buildExecutionGraphs properties', () => {
  it('every kept event is in exactly one graph, exactly once; duplicates are the rest', () => {
    fc.assert(
      fc.property(randomEvents, (events) => {
        const { graphs, anomalies } = buildWithAnomalies(events);
        const seen = graphs.flatMap((graph) => ids(graph.flatten()));
        const distinct = [...new Set(events.map((event) => event.eventId))];
        expect([...seen].sort()).toEqual([...distinct].sort());
        expect(anomalies.filter(([kind]) => kind === 'duplicate')).toHaveLength(
          events.length - distinct.length,
        );
        for (const graph of graphs) {
          expect(ids(graph.toOrderedSteps()).sort()).toEqual(ids(graph.flatten()).sort());
          for (const node of graph.flatten()) expect(node.correlationId).toBe(graph.correlationId);
        }
        expect(new Set(graphs.map((graph) => graph.correlationId)).size).toBe(graphs.length);
      }),
      { numRuns: 500 },
    );
  });

  it('a graph read without nodes (sums, forEachCall, totals) says what its nodes say', () => {
    fc.assert(
      fc.property(randomEvents, (events) => {
        for (const graph of buildCallGraphs(events)) {
          const totals = [graph.totalCost(), graph.totalLatencyMs(), graph.totalTokens()];
          const sums = graph.sums();
          const visited: unknown[][] = [];
          graph.forEachCall((...call) => visited.push(call));
          // now the nodes
          const nodes = graph.flatten();
          const start = Math.min(...nodes.map((node) => node.startTime));
          const end = Math.max(...nodes.map((node) => node.endTime));
          expect(sums).toEqual({
            calls: nodes.length,
            costUnknown: nodes.filter((node) => node.cost === undefined).length,
            tokensUnknown: nodes.filter((node) => node.totalTokens === undefined).length,
            errors: nodes.filter((node) => node.status === 'error').length,
            start,
            wall: end - start,
          });
          expect(visited).toEqual(
            nodes.map((node) => [node.model, node.provider, node.cost, node.totalTokens]),
          );
          expect(totals).toEqual([
            sumKnown(graph.roots.map((root) => root.subtreeCost)),
            graph.roots.reduce((sum, root) => sum + root.subtreeLatencyMs, 0),
            sumKnown(graph.roots.map((root) => root.subtreeTokens)),
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('each subtree value is the node own value plus its children subtrees', () => {
    fc.assert(
      fc.property(randomEvents, (events) => {
        for (const graph of buildExecutionGraphs(events)) {
          for (const node of graph.flatten()) {
            const kids = node.children;
            expect(node.subtreeLatencyMs).toBe(
              node.latencyMs + kids.reduce((s, k) => s + k.subtreeLatencyMs, 0),
            );
            const cost = sumKnown([node.cost, ...kids.map((k) => k.subtreeCost)]);
            if (cost === undefined) expect(node.subtreeCost).toBeUndefined();
            else expect(node.subtreeCost).toBeCloseTo(cost, 9);
            expect(node.subtreeTokens).toBe(
              sumKnown([node.totalTokens, ...kids.map((k) => k.subtreeTokens)]),
            );
            const start = Math.min(
              node.startTime,
              ...kids.map((k) => k.endTime - k.subtreeWallClockMs),
            );
            expect(node.subtreeWallClockMs).toBeGreaterThanOrEqual(node.latencyMs);
            expect(node.startTime - node.endTime + node.latencyMs).toBe(0);
            expect(start).toBeLessThanOrEqual(node.startTime);
          }
          expect(graph.totalLatencyMs()).toBe(graph.flatten().reduce((s, n) => s + n.latencyMs, 0));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('roots have no parent inside their group; children point at their parent; pre-order is by start time', () => {
    fc.assert(
      fc.property(randomEvents, (events) => {
        for (const graph of buildExecutionGraphs(events)) {
          const inGroup = new Set(ids(graph.flatten()));
          const cutCycles = new Set<string>();
          buildExecutionGraphs(events, {
            onAnomaly: (kind, event) => kind === 'cycle' && cutCycles.add(event.eventId),
          });
          for (const root of graph.roots) {
            const parent = root.parentRequestId;
            expect(
              parent === undefined || !inGroup.has(parent) || cutCycles.has(root.eventId),
            ).toBe(true);
          }
          for (const node of graph.flatten()) {
            for (const child of node.children) expect(child.parentRequestId).toBe(node.eventId);
            const starts = node.children.map((child) => child.startTime);
            expect(starts).toEqual([...starts].sort((a, b) => a - b));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random parent pointers, cycles included, always terminate with a forest', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 200 }), (parents) => {
        const events = parents.map((parent, i) =>
          llmEvent({ eventId: `e${i}`, parentRequestId: `e${parent}`, time: T0 + i }),
        );
        const graphs = buildExecutionGraphs(events);
        expect(graphs.reduce((count, graph) => count + graph.flatten().length, 0)).toBe(
          events.length,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('buildExecutionGraphs: what is not a list of events', () => {
  it('throws a TypeError naming events for null, undefined and a plain object', () => {
    for (const [input, got] of [
      [null, 'null'],
      [undefined, 'undefined'],
      [{ eventId: 'e' }, 'object'],
      [42, 'number'],
    ] as const) {
      expect(() => buildExecutionGraphs(input as never)).toThrow(
        new TypeError(
          `buildExecutionGraphs: events must be an array (or an iterable) of LlmEvent, got ${got}`,
        ),
      );
    }
  });

  it('an entry without eventId or correlationId is an invalid anomaly, never a graph with an undefined id', () => {
    const anomalies: [string, unknown][] = [];
    const graphs = buildExecutionGraphs(
      [{}, null, { eventId: 'x' }, llmEvent({ eventId: 'a' })] as never,
      { onAnomaly: (anomaly, event) => anomalies.push([anomaly, event]) },
    );
    expect(graphs.map((graph) => graph.correlationId)).toEqual(['corr-1']);
    expect(graphs[0]?.flatten().map((node) => node.eventId)).toEqual(['a']);
    expect(anomalies).toEqual([
      ['invalid', {}],
      ['invalid', null],
      ['invalid', { eventId: 'x' }],
    ]);
  });

  it('builds afresh each time: a second build of the same events leaves the first one as it was', () => {
    const events = [
      llmEvent({
        eventId: 'child',
        parentRequestId: 'root',
        time: T0 + 100,
        latencyMs: 50,
        cost: 0.5,
      }),
      llmEvent({ eventId: 'root', time: T0 + 200, latencyMs: 200, cost: 1 }),
    ];
    const [first] = buildExecutionGraphs(events);
    const before = JSON.stringify(first);
    const [second] = buildExecutionGraphs(events.slice(1)); // the child alone is gone from it
    expect(JSON.stringify(first)).toBe(before);
    expect(first?.roots[0]).not.toBe(second?.roots[0]);
    expect(first?.roots[0]?.subtreeCost).toBe(1.5);
    expect(second?.roots[0]?.subtreeCost).toBe(1);
    expect(second?.roots[0]?.children).toEqual([]);
  });
});

describe('nodes carry the context of their line', () => {
  it('sessionId, userId, feature, environment, samplingIteration and tags, beside section (undefined when absent)', () => {
    const context = {
      sessionId: 's-1',
      userId: 'u-1',
      feature: 'search',
      environment: 'prod',
      samplingIteration: 2,
      section: 'agent:planner',
      tags: { customer: 'acme', tier: 'pro' },
    };
    const [graph] = buildExecutionGraphs([
      llmEvent({ eventId: 'a', ...context }),
      llmEvent({ eventId: 'b', parentRequestId: 'a' }),
    ]);
    const [a] = graph?.roots ?? [];
    expect(a).toMatchObject(context);
    const [b] = a?.children ?? [];
    expect([
      b?.sessionId,
      b?.userId,
      b?.feature,
      b?.environment,
      b?.samplingIteration,
      b?.tags,
    ]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
