import type { LlmEvent } from '../events/schema.js';
import { buildCallGraphs } from '../graph/build.js';
import type { CallGraph } from '../graph/call-graph.js';
import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import type { SORT_KEYS } from './args.js';

type SortKey = (typeof SORT_KEYS)[number];

const MEASURES: Record<Exclude<SortKey, 'time'>, (graph: ExecutionGraph) => number | undefined> = {
  cost: (graph) => graph.totalCost(),
  latency: (graph) => graph.totalLatencyMs(),
  tokens: (graph) => graph.totalTokens(),
};

/**
 * Orders graphs: `time` keeps the build order (first start first); `cost`, `latency` and
 * `tokens` put the largest first, unknown last, ties in time order.
 */
export function sortGraphs<Graph extends ExecutionGraph>(
  graphs: readonly Graph[],
  key: SortKey,
): Graph[] {
  if (key === 'time') return [...graphs];
  const measure = MEASURES[key];
  const keyed = graphs.map((graph) => ({
    graph,
    value: measure(graph) ?? Number.NEGATIVE_INFINITY,
  }));
  keyed.sort((a, b) => (b.value === a.value ? 0 : b.value > a.value ? 1 : -1));
  return keyed.map((entry) => entry.graph);
}

/**
 * `--event ID`: the graphs rebuilt from each named event's subtree and its ancestors (the path
 * from its root). Returns the ids not found too.
 */
export function focusOnEvents(
  graphs: readonly ExecutionGraph[],
  events: readonly LlmEvent[],
  wanted: ReadonlySet<string>,
): { graphs: CallGraph[]; missing: string[] } {
  const keep = new Set<string>();
  const found = new Set<string>();
  for (const graph of graphs) {
    const nodes = graph.flatten();
    if (!nodes.some((node) => wanted.has(node.eventId))) continue;
    const parentOf = new Map<ExecutionNode, ExecutionNode>();
    for (const node of nodes) for (const child of node.children) parentOf.set(child, node);
    for (const node of nodes) {
      if (!wanted.has(node.eventId)) continue;
      found.add(node.eventId);
      for (let up = parentOf.get(node); up !== undefined; up = parentOf.get(up))
        keep.add(up.eventId);
      const stack = [node];
      for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
        keep.add(at.eventId);
        stack.push(...at.children);
      }
    }
  }
  const seen = new Set<string>();
  const selected = events.filter((event) => {
    if (!keep.has(event.eventId) || seen.has(event.eventId)) return false;
    seen.add(event.eventId);
    return true;
  });
  return {
    graphs: buildCallGraphs(selected),
    missing: [...wanted].filter((id) => !found.has(id)),
  };
}
