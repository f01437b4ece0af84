import type { ExecutionGraph } from '../graph/execution-graph.js';
import { LINE_CONTEXT_FIELDS } from '../graph/line-context.js';
import type { GroupedCall } from './group-by.js';

/** The context fields grouping reads from each call's line. */
export const GROUPING_FIELDS = [...LINE_CONTEXT_FIELDS, 'section'] as const;

/**
 * Every call of the graphs, for grouping: the nodes carry their line's context (the reader keeps
 * `GROUPING_FIELDS` when `--group-by` is given).
 *
 * @example
 * ```ts
 * groupCalls(groupedCalls(graphs), ['user']);
 * ```
 */
export function groupedCalls(graphs: readonly ExecutionGraph[]): GroupedCall[] {
  const calls: GroupedCall[] = [];
  for (const graph of graphs) for (const node of graph.flatten()) calls.push(node);
  return calls;
}
