import type { LlmEvent } from '../events/schema.js';
import type { ToolCallRecord } from './tool-calls.js';

/**
 * One LLM call in an execution graph, with the calls made under it (`children`, in start-time
 * order) and roll-ups over its subtree (itself and every descendant).
 *
 * Unknown is not zero: `cost` and the token counts are `undefined` when the line did not carry
 * them, and a roll-up sums the values that are known (it is `undefined` only when no call of
 * the subtree has one). `subtreeLatencyMs` sums latencies (work done); `subtreeWallClockMs` is
 * the time from the subtree's first start to its last end (what a user waited), which is
 * smaller when calls ran in parallel.
 *
 * @example
 * ```ts
 * const [graph] = buildExecutionGraphs(events);
 * const [root] = graph.roots;
 * console.log(root.model, root.subtreeCost, root.children.map((child) => child.eventId));
 * ```
 */
export interface ExecutionNode {
  readonly eventId: string;
  /** The parent id as logged; on a root it names a call that is not in this graph (an orphan). */
  readonly parentRequestId: string | undefined;
  readonly correlationId: string;
  readonly model: string;
  readonly provider: string;
  readonly status: LlmEvent['status'];
  /** The context's section path when the call was made (`agent:researcher/step:plan`). */
  readonly section: string | undefined;
  /** The context of the call's line, for slicing graphs (cost per user, per feature, ...). */
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly feature: string | undefined;
  readonly environment: string | undefined;
  readonly samplingIteration: number | undefined;
  readonly tags: Readonly<Record<string, string>> | undefined;
  /** When the call started: `endTime - latencyMs` (ms since the epoch). */
  readonly startTime: number;
  /** When the call ended: the event's `time` (ms since the epoch). */
  readonly endTime: number;
  /** USD; `undefined` when unknown. */
  readonly cost: number | undefined;
  readonly latencyMs: number;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  /** The line's `total_tokens`, else input + output when both are known, else `undefined`. */
  readonly totalTokens: number | undefined;
  readonly toolCalls: readonly ToolCallRecord[];
  /** The calls whose parent is this one, by start time (ties in input order). */
  readonly children: readonly ExecutionNode[];
  /** `cost` plus the children's `subtreeCost`, over the known values. */
  readonly subtreeCost: number | undefined;
  /** `latencyMs` plus the children's `subtreeLatencyMs`: work done, not wall-clock time. */
  readonly subtreeLatencyMs: number;
  /** `totalTokens` plus the children's `subtreeTokens`, over the known values. */
  readonly subtreeTokens: number | undefined;
  /** From the first start to the last end in the subtree, in ms. */
  readonly subtreeWallClockMs: number;
}

/**
 * The calls of one correlation as a forest: `roots` are the calls without a parent in the
 * correlation, each with its subtree.
 *
 * @example
 * ```ts
 * import { buildExecutionGraphs } from 'leanllm-context/graph';
 *
 * for (const graph of buildExecutionGraphs(events)) {
 *   console.log(graph.correlationId, graph.totalCost(), graph.toOrderedSteps().map((n) => n.model));
 * }
 * ```
 */
export interface ExecutionGraph {
  readonly correlationId: string;
  /** The calls without a parent in this correlation, by start time (ties in input order). */
  readonly roots: readonly ExecutionNode[];
  /** Every call, depth-first pre-order: each root then its subtree, children by start time. */
  flatten(): ExecutionNode[];
  /** Every call by start time (`time - latencyMs`), ties in input order. */
  toOrderedSteps(): ExecutionNode[];
  /** The known costs summed (USD); `undefined` when no call has a cost. */
  totalCost(): number | undefined;
  /** The latencies summed (work done, not wall-clock), in ms. */
  totalLatencyMs(): number;
  /** The known token counts summed; `undefined` when no call has one. */
  totalTokens(): number | undefined;
}

/** Adds two values that may be unknown: unknown plus a value is that value. */
export function addKnown(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : a + b;
}
