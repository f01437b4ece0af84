import type { LlmEvent } from '../events/schema.js';
import { asSmallInteger } from '../util/small-integer.js';
import {
  addKnown,
  BuiltExecutionGraph,
  type ExecutionGraph,
  type ExecutionNode,
} from './execution-graph.js';
import { lineContextOf } from './line-context.js';
import { parseToolCalls, type ToolCallRecord } from './tool-calls.js';
import { totalTokensOf } from './total-tokens.js';

/**
 * What `buildExecutionGraphs` reports about an event it could not place as logged:
 * - `duplicate`: an event whose `eventId` was seen before; the first one wins, this one is left out.
 * - `orphan`: an event whose parent is not among the events of its correlation (absent, or in
 *   another correlation); it becomes a root.
 * - `cycle`: parent links that loop; the call of the loop that started first becomes a root.
 * - `sampled-out-parent`: an orphan whose line says `sampled_out: true`: an error kept although
 *   sampling dropped its correlation, so its parent was (most likely) never written. It becomes
 *   a root, as an orphan does, but is not reported as one.
 * - `invalid`: an entry that is not an event with a string `eventId` and `correlationId` (read
 *   from elsewhere than `parseLogLine`, which never gives one); it is left out.
 *
 * @example
 * ```ts
 * const counts: Record<GraphAnomaly, number> = { duplicate: 0, orphan: 0, 'sampled-out-parent': 0, cycle: 0, invalid: 0 };
 * buildExecutionGraphs(events, { onAnomaly: (anomaly) => counts[anomaly]++ });
 * ```
 */
export type GraphAnomaly = 'duplicate' | 'orphan' | 'sampled-out-parent' | 'cycle' | 'invalid';

/**
 * Options of `buildExecutionGraphs`.
 *
 * @example
 * ```ts
 * buildExecutionGraphs(events, {
 *   onAnomaly: (anomaly, event) => logger.warn({ anomaly, eventId: event.eventId }, 'llm.call not placed as logged'),
 * });
 * ```
 */
export interface BuildExecutionGraphsOptions {
  /** Called once per event that is a duplicate, an orphan, invalid, or where a cycle was cut. */
  readonly onAnomaly?: (anomaly: GraphAnomaly, event: LlmEvent) => void;
}

/**
 * Builds one execution graph per correlation id from LLM call events (in any order, for
 * example as read from several logs). A call's parent is the event whose `eventId` is its
 * `parentRequestId` in the same correlation. A parent in another correlation is not followed
 * (the call is a root of its own group), an absent parent makes a root, a duplicate `eventId`
 * keeps the first event, and parent links that loop are cut; `options.onAnomaly` hears of each.
 * Iterative throughout: any depth builds, and nothing hangs. `events` that is not iterable
 * (`null`, an object) is a `TypeError` naming `events`; an entry without a string `eventId` and
 * `correlationId` is left out and reported as `invalid`, never a graph with an undefined id.
 *
 * Graphs come by start time (their first call's start; ties in input order); within a graph,
 * roots and children by start time (`time - latencyMs`; ties in input order).
 *
 * @example
 * ```ts
 * import { buildExecutionGraphs, parseLogLine } from 'leanllm-context/graph';
 *
 * const events = lines.map(parseLogLine).filter((event) => event !== undefined);
 * for (const graph of buildExecutionGraphs(events)) {
 *   console.log(graph.correlationId, graph.totalCost(), graph.totalLatencyMs());
 * }
 * ```
 */
export function buildExecutionGraphs(
  events: Iterable<LlmEvent>,
  options: BuildExecutionGraphsOptions = {},
): ExecutionGraph[] {
  if (
    typeof events !== 'object' ||
    events === null ||
    typeof (events as Partial<Iterable<LlmEvent>>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(
      `buildExecutionGraphs: events must be an array (or an iterable) of LlmEvent, got ${events === null ? 'null' : typeof events}`,
    );
  }
  const calls = new Calls(events, options.onAnomaly);
  const graphs: { graph: ExecutionGraph; start: number; first: number }[] = [];
  for (const [correlationId, members] of calls.groupByCorrelation()) {
    graphs.push(calls.makeGraph(correlationId, members));
  }
  graphs.sort((a, b) => a.start - b.start || a.first - b.first);
  return graphs.map((entry) => entry.graph);
}

/** Whether `event` has what placing it needs: a string `eventId` and `correlationId`. */
function isPlaceable(event: LlmEvent): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.eventId === 'string' &&
    typeof event.correlationId === 'string'
  );
}

const NONE = -1;
/** Shared by every leaf and every call without tool calls (the node fields are readonly). */
const NO_CHILDREN = Object.freeze([]) as unknown as ExecutionNode[];
const NO_TOOL_CALLS: readonly ToolCallRecord[] = Object.freeze([]);
const UNSEEN = 0;
const ON_PATH = 1;
const SETTLED = 2;

/**
 * The build state: the kept events (the first of each id) by index, in input order, and per
 * index the parent, the start time, the subtree's span, the ordered children and finally the
 * node, in typed arrays (a large log makes no object per call besides its node).
 */
class Calls {
  readonly #events: (LlmEvent | undefined)[] = [];
  readonly #report: BuildExecutionGraphsOptions['onAnomaly'];
  readonly #parent: Int32Array;
  readonly #start: Float64Array;
  readonly #subtreeStart: Float64Array;
  readonly #subtreeEnd: Float64Array;
  readonly #children: (number[] | undefined)[];
  readonly #nodes: (ExecutionNode | undefined)[];

  constructor(events: Iterable<LlmEvent>, report: BuildExecutionGraphsOptions['onAnomaly']) {
    this.#report = report;
    const indexOf = new Map<string, number>();
    for (const event of events) {
      if (!isPlaceable(event)) report?.('invalid', event);
      else if (indexOf.has(event.eventId)) report?.('duplicate', event);
      else indexOf.set(event.eventId, this.#events.push(event) - 1);
    }
    const count = this.#events.length;
    this.#parent = new Int32Array(count).fill(NONE);
    this.#start = new Float64Array(count);
    this.#subtreeStart = new Float64Array(count);
    this.#subtreeEnd = new Float64Array(count);
    this.#children = new Array(count).fill(undefined);
    this.#nodes = new Array(count).fill(undefined);
    for (let i = 0; i < count; i++) {
      const event = this.#events[i] as LlmEvent;
      this.#start[i] = event.time - event.latencyMs;
      this.#subtreeStart[i] = this.#start[i] as number;
      this.#subtreeEnd[i] = event.time;
      if (event.parentRequestId === undefined) continue;
      const parent = indexOf.get(event.parentRequestId);
      if (parent !== undefined && this.#events[parent]?.correlationId === event.correlationId) {
        this.#parent[i] = parent;
      } else {
        report?.(event.sampledOut === true ? 'sampled-out-parent' : 'orphan', event);
      }
    }
    this.#cutCycles();
  }

  /**
   * Walks up from every call, marking the path; a walk that meets its own path has found a loop,
   * which is cut at the call of the loop that started first (ties: first in input). Each call is
   * walked over once, so this is linear.
   */
  #cutCycles(): void {
    const parent = this.#parent;
    const start = this.#start;
    const state = new Uint8Array(parent.length);
    const path: number[] = [];
    for (let first = 0; first < parent.length; first++) {
      let at = first;
      while (at !== NONE && state[at] === UNSEEN) {
        state[at] = ON_PATH;
        path.push(at);
        at = parent[at] as number;
      }
      if (at !== NONE && state[at] === ON_PATH) {
        let cut = at;
        for (let i = path.lastIndexOf(at) + 1; i < path.length; i++) {
          const member = path[i] as number;
          if (
            (start[member] as number) < (start[cut] as number) ||
            ((start[member] as number) === (start[cut] as number) && member < cut)
          ) {
            cut = member;
          }
        }
        parent[cut] = NONE;
        this.#report?.('cycle', this.#events[cut] as LlmEvent);
      }
      for (const settled of path) state[settled] = SETTLED;
      path.length = 0;
    }
  }

  /** The kept calls' indexes by correlation id, in input order. */
  groupByCorrelation(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    for (const [index, event] of this.#events.entries()) {
      const members = groups.get((event as LlmEvent).correlationId);
      if (members === undefined) groups.set((event as LlmEvent).correlationId, [index]);
      else members.push(index);
    }
    return groups;
  }

  /** Links children, orders them, then makes the nodes bottom-up (reverse pre-order). */
  makeGraph(correlationId: string, members: number[]) {
    const parent = this.#parent;
    const byStart = (a: number, b: number) =>
      (this.#start[a] as number) - (this.#start[b] as number); // stable: ties keep input order
    const roots: number[] = [];
    for (const member of members) {
      const up = parent[member] as number;
      if (up === NONE) roots.push(member);
      else {
        const siblings = this.#children[up];
        if (siblings === undefined) this.#children[up] = [member];
        else siblings.push(member);
      }
    }
    roots.sort(byStart);
    const preOrder: number[] = [];
    const stack = roots.slice().reverse();
    for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
      preOrder.push(at);
      const children = this.#children[at];
      if (children === undefined) continue;
      if (children.length > 1) children.sort(byStart);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as number);
    }
    for (let i = preOrder.length - 1; i >= 0; i--) this.#makeNode(preOrder[i] as number);
    const nodeOf = (index: number) => this.#nodes[index] as ExecutionNode;
    let start = Number.POSITIVE_INFINITY;
    for (const root of roots) start = Math.min(start, this.#subtreeStart[root] as number);
    return {
      graph: new BuiltExecutionGraph(
        correlationId,
        roots.map(nodeOf),
        preOrder.map(nodeOf),
        members.map(nodeOf),
      ),
      start,
      first: members[0] as number,
    };
  }

  /** The node of a call whose children's nodes are made; it also settles the subtree's span. */
  #makeNode(index: number): void {
    const event = this.#events[index] as LlmEvent;
    this.#events[index] = undefined; // the node has what is needed: the event can go
    const totalTokens = totalTokensOf(event);
    let subtreeCost = event.cost;
    let subtreeLatencyMs = event.latencyMs;
    let subtreeTokens = totalTokens;
    let subtreeStart = this.#subtreeStart[index] as number;
    let subtreeEnd = this.#subtreeEnd[index] as number;
    const childIndexes = this.#children[index];
    const children: ExecutionNode[] = childIndexes === undefined ? NO_CHILDREN : [];
    for (const child of childIndexes ?? []) {
      const node = this.#nodes[child] as ExecutionNode;
      children.push(node);
      subtreeCost = addKnown(subtreeCost, node.subtreeCost);
      subtreeLatencyMs += node.subtreeLatencyMs;
      subtreeTokens = addKnown(subtreeTokens, node.subtreeTokens);
      subtreeStart = Math.min(subtreeStart, this.#subtreeStart[child] as number);
      subtreeEnd = Math.max(subtreeEnd, this.#subtreeEnd[child] as number);
    }
    this.#subtreeStart[index] = subtreeStart;
    this.#subtreeEnd[index] = subtreeEnd;
    this.#nodes[index] = {
      eventId: event.eventId,
      parentRequestId: event.parentRequestId,
      correlationId: event.correlationId,
      model: event.model,
      provider: event.provider,
      status: event.status,
      section: event.section,
      ...lineContextOf(event),
      startTime: this.#start[index] as number,
      endTime: event.time,
      cost: event.cost,
      latencyMs: event.latencyMs,
      inputTokens: event.inputTokens,
      outputTokens: event.outputTokens,
      totalTokens,
      toolCalls: event.toolCalls?.length ? parseToolCalls(event.toolCalls) : NO_TOOL_CALLS,
      children,
      subtreeCost,
      subtreeLatencyMs,
      subtreeTokens,
      subtreeWallClockMs: asSmallInteger(subtreeEnd - subtreeStart),
    };
  }
}
