import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';

/**
 * The critical path of a correlation: the chain of calls that set its wall-clock time. Walked
 * back from the end: from each point in time, the call that was still running latest (among
 * every call of the correlation) is on the path; the walk goes into the calls that started while
 * it ran (its nested descendants, for a call that waits on the calls it makes), then on from its
 * start to what ran before it. A call that ran beside a longer one is not on the path: making it
 * faster would not have ended the work sooner. Iterative (any depth).
 *
 * @example
 * ```ts
 * const path = criticalPath(graph); // Set of the nodes on the path
 * ```
 */
export function criticalPath(graph: ExecutionGraph): Set<ExecutionNode> {
  const onPath = new Set<ExecutionNode>();
  // Each task: the calls to choose from, and the time from which the walk goes back.
  const tasks: { nodes: readonly ExecutionNode[]; cursor: number }[] = [
    { nodes: graph.flatten(), cursor: Number.POSITIVE_INFINITY },
  ];
  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
    let cursor = task.cursor;
    const latestFirst = [...task.nodes].sort(
      (a, b) => b.endTime - a.endTime || b.startTime - a.startTime,
    );
    for (const node of latestFirst) {
      if (node.startTime >= cursor || onPath.has(node)) continue; // ran after the walk's point
      onPath.add(node);
      const end = Math.min(cursor, node.endTime);
      const inside = startedDuring(node, end);
      if (inside.length > 0) tasks.push({ nodes: inside, cursor: end });
      cursor = node.startTime;
    }
  }
  return onPath;
}

/** The descendants of `node` that started before `until` (through ancestors that did too). */
function startedDuring(node: ExecutionNode, until: number): ExecutionNode[] {
  const found: ExecutionNode[] = [];
  const stack: ExecutionNode[] = [node];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    for (const child of at.children) {
      if (child.startTime >= until) continue;
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/**
 * The share of a correlation's wall-clock time spent waiting on the first token: the time to
 * first token of the calls on the critical path (those that report one) summed, over the
 * wall-clock time; `null` when no call on the path reports one (or the correlation took no
 * time). At most 1.
 *
 * @example
 * ```ts
 * ttftShare(path, 4000, (node) => ttftOf(node)); // 0.31
 * ```
 */
export function ttftShare(
  path: Iterable<ExecutionNode>,
  wallClockMs: number,
  ttftOf: (node: ExecutionNode) => number | undefined,
): number | null {
  let waiting: number | undefined;
  for (const node of path) {
    const ttft = ttftOf(node);
    if (ttft !== undefined) waiting = (waiting ?? 0) + Math.min(ttft, node.latencyMs);
  }
  if (waiting === undefined || wallClockMs <= 0) return null;
  return Math.min(1, waiting / wallClockMs);
}
