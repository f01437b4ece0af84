import { describe, expectTypeOf, it } from 'vitest';
import {
  buildExecutionGraphs,
  type ExecutionGraph,
  type ExecutionNode,
  type LlmEvent,
  parseLogLine,
  parseToolCalls,
  type ToolCallRecord,
} from '../../src/graph/index.js';

describe('graph types', () => {
  it('parseLogLine gives an event or undefined; buildExecutionGraphs takes any iterable of events', () => {
    expectTypeOf(parseLogLine('')).toEqualTypeOf<LlmEvent | undefined>();
    expectTypeOf(buildExecutionGraphs([] as LlmEvent[])).toEqualTypeOf<ExecutionGraph[]>();
    expectTypeOf(buildExecutionGraphs(new Set<LlmEvent>())).toEqualTypeOf<ExecutionGraph[]>();
    expectTypeOf(parseToolCalls('[]')).toEqualTypeOf<ToolCallRecord[]>();
  });

  it('unknown values are typed as possibly undefined; nodes are readonly', () => {
    expectTypeOf<ExecutionNode['cost']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ExecutionNode['subtreeTokens']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ExecutionNode['latencyMs']>().toEqualTypeOf<number>();
    expectTypeOf<ExecutionNode['children']>().toEqualTypeOf<readonly ExecutionNode[]>();
    expectTypeOf<ReturnType<ExecutionGraph['totalCost']>>().toEqualTypeOf<number | undefined>();
    const node = {} as ExecutionNode;
    // @ts-expect-error: nodes are readonly
    node.cost = 1;
  });
});
