import type { ExecutionGraph } from '../graph/execution-graph.js';
import type { CallDetails } from './call-details.js';
import type { GroupedCall } from './group-by.js';

/** The context fields grouping reads from each call's line. */
export const GROUPING_FIELDS = [
  'sessionId',
  'userId',
  'feature',
  'environment',
  'samplingIteration',
  'tags',
  'section',
] as const;

/**
 * Every call of the graphs with its line's context fields (read from the kept events in
 * `details`, the nodes carrying the call's figures), for grouping.
 *
 * @example
 * ```ts
 * groupCalls(groupedCalls(graphs, details), ['user']);
 * ```
 */
export function groupedCalls(
  graphs: readonly ExecutionGraph[],
  details: CallDetails | undefined,
): GroupedCall[] {
  const calls: GroupedCall[] = [];
  for (const graph of graphs) {
    for (const node of graph.flatten()) {
      const event = details?.get(node.correlationId, node.eventId);
      if (event === undefined) {
        calls.push(node);
        continue;
      }
      calls.push({
        ...node,
        sessionId: event.sessionId,
        userId: event.userId,
        feature: event.feature,
        environment: event.environment,
        samplingIteration: event.samplingIteration,
        tags: event.tags,
      });
    }
  }
  return calls;
}
