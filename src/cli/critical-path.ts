import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';

/**
 * The critical path of a correlation: the chain of calls that set its wall-clock time. Walked
 * back from the call that ended last: each call's predecessor is the call that ended last before
 * it started (what it waited for); only when none did, the call that was still running then.
 * The walk goes into the calls that ran within a call on the path (its nested descendants, for
 * a call that waits on the calls it makes) the same way. A call that ran beside
 * a longer one is not on the path: making it faster would not have ended the work sooner.
 * Iterative (any depth).
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
    const latestFirst = [...task.nodes].sort(
      (a, b) => b.endTime - a.endTime || b.startTime - a.startTime,
    );
    let cursor = task.cursor;
    let at = 0;
    for (;;) {
      let running: ExecutionNode | undefined; // still running at the cursor
      while (at < latestFirst.length && (latestFirst[at] as ExecutionNode).endTime > cursor) {
        const node = latestFirst[at++] as ExecutionNode;
        if (running === undefined && node.startTime < cursor && !onPath.has(node)) running = node;
      }
      let next = running;
      while (at < latestFirst.length) {
        const node = latestFirst[at++] as ExecutionNode;
        if (!onPath.has(node) && node.startTime < cursor) {
          next = node;
          break;
        }
      }
      if (next === undefined) break;
      onPath.add(next);
      const end = Math.min(cursor, next.endTime);
      const inside = startedDuring(next, end);
      if (inside.length > 0) tasks.push({ nodes: inside, cursor: end });
      cursor = next.startTime;
    }
  }
  return onPath;
}

/** The descendants of `node` that ran within its time up to `until` (what it waited on). */
function startedDuring(node: ExecutionNode, until: number): ExecutionNode[] {
  const found: ExecutionNode[] = [];
  const stack: ExecutionNode[] = [node];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    for (const child of at.children) {
      if (child.startTime >= until) continue;
      if (child.endTime <= until) found.push(child); // one that outlived it was not waited for
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
