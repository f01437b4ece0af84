import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';

/** Which values a subtree's roll-up is missing: some call in it has no cost, or no token count. */
export interface UnknownBelow {
  readonly cost: boolean;
  readonly tokens: boolean;
}

/**
 * For every node of the graphs, whether its subtree has a call of unknown cost or tokens: then
 * `subtreeCost`/`subtreeTokens` sum only part of it, and the renderers mark them as lower bounds.
 */
export function unknownBelow(graphs: readonly ExecutionGraph[]): Map<ExecutionNode, UnknownBelow> {
  const result = new Map<ExecutionNode, UnknownBelow>();
  for (const graph of graphs) {
    const nodes = graph.flatten();
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] as ExecutionNode;
      let cost = node.cost === undefined;
      let tokens = node.totalTokens === undefined;
      for (const child of node.children) {
        const below = result.get(child) as UnknownBelow;
        cost ||= below.cost;
        tokens ||= below.tokens;
      }
      result.set(node, { cost, tokens });
    }
  }
  return result;
}

/** Whether a graph's totals leave out unknown values (from its roots). */
export function graphUnknown(
  graph: ExecutionGraph,
  below: ReadonlyMap<ExecutionNode, UnknownBelow>,
): UnknownBelow {
  let cost = false;
  let tokens = false;
  for (const root of graph.roots) {
    const of = below.get(root) as UnknownBelow;
    cost ||= of.cost;
    tokens ||= of.tokens;
  }
  return { cost, tokens };
}
