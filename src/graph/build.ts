import type { LlmEvent } from '../events/schema.js';
import { asSmallInteger } from '../util/small-integer.js';
import { CallTable, type UnlinkedNode } from './call-table.js';
import {
  addKnown,
  BuiltExecutionGraph,
  type ExecutionGraph,
  type ExecutionNode,
} from './execution-graph.js';

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
  const report = options.onAnomaly;
  const table = new CallTable(report !== undefined);
  for (const event of events) {
    const refused = table.add(event);
    if (refused !== undefined) report?.(refused, event);
  }
  return buildGraphsFromTable(
    table,
    report && ((anomaly, index) => report(anomaly, table.events[index] as LlmEvent)),
  );
}

/**
 * `buildExecutionGraphs` over the calls of a table (`index` of the call an anomaly is about):
 * for a reader that adds its events to a table as it goes, never holding them.
 *
 * @example
 * ```ts
 * const table = new CallTable();
 * for (const event of events) table.add(event);
 * const graphs = buildGraphsFromTable(table, (anomaly) => counts[anomaly]++);
 * ```
 */
export function buildGraphsFromTable(
  table: CallTable,
  report?: (anomaly: GraphAnomaly, index: number) => void,
): ExecutionGraph[] {
  const calls = new Calls(table, report);
  const graphs: { graph: ExecutionGraph; start: number; first: number }[] = [];
  for (const [correlationId, members] of calls.groupByCorrelation()) {
    graphs.push(calls.makeGraph(correlationId, members));
  }
  graphs.sort((a, b) => a.start - b.start || a.first - b.first);
  return graphs.map((entry) => entry.graph);
}

const NONE = -1;
const UNSEEN = 0;
const ON_PATH = 1;
const SETTLED = 2;

/**
 * The build state over a table of calls: per index the parent, the start time, the subtree's
 * span and the ordered children, in typed arrays; the nodes are the table's, linked in place.
 */
class Calls {
  readonly #nodes: readonly UnlinkedNode[];
  readonly #report: ((anomaly: GraphAnomaly, index: number) => void) | undefined;
  readonly #parent: Int32Array;
  readonly #start: Float64Array;
  readonly #subtreeStart: Float64Array;
  readonly #subtreeEnd: Float64Array;
  /** The children of call `i` are `#childList[#firstChild[i] .. #firstChild[i + 1])`, in input order until ordered. */
  #firstChild: Int32Array = new Int32Array(1);
  #childList: Int32Array = new Int32Array(0);

  constructor(
    table: CallTable,
    report: ((anomaly: GraphAnomaly, index: number) => void) | undefined,
  ) {
    const nodes = table.nodes;
    this.#nodes = nodes;
    this.#report = report;
    const count = nodes.length;
    this.#parent = new Int32Array(count).fill(NONE);
    this.#start = new Float64Array(count);
    this.#subtreeStart = new Float64Array(count);
    this.#subtreeEnd = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const node = nodes[i] as UnlinkedNode;
      this.#start[i] = node.startTime;
      this.#subtreeStart[i] = node.startTime;
      this.#subtreeEnd[i] = node.endTime;
      if (node.parentRequestId === undefined) continue;
      const parent = table.indexOf(node.parentRequestId);
      if (parent !== undefined && nodes[parent]?.correlationId === node.correlationId) {
        this.#parent[i] = parent;
      } else {
        report?.(table.isSampledOut(i) ? 'sampled-out-parent' : 'orphan', i);
      }
    }
    this.#cutCycles();
    this.#listChildren();
  }

  /** Lists each call's children in one array, in input order (no array per call). */
  #listChildren(): void {
    const parent = this.#parent;
    const firstChild = new Int32Array(parent.length + 1);
    for (const up of parent) if (up !== NONE) (firstChild[up + 1] as number) += 1;
    for (let i = 1; i < firstChild.length; i++) {
      (firstChild[i] as number) += firstChild[i - 1] as number;
    }
    const childList = new Int32Array(firstChild[parent.length] as number);
    const next = firstChild.slice(0, parent.length);
    for (let i = 0; i < parent.length; i++) {
      const up = parent[i] as number;
      if (up !== NONE) childList[(next[up] as number)++] = i;
    }
    this.#firstChild = firstChild;
    this.#childList = childList;
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
        this.#report?.('cycle', cut);
      }
      for (const settled of path) state[settled] = SETTLED;
      path.length = 0;
    }
  }

  /** The kept calls' indexes by correlation id, in input order. */
  groupByCorrelation(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    const nodes = this.#nodes;
    for (let index = 0; index < nodes.length; index++) {
      const correlationId = (nodes[index] as UnlinkedNode).correlationId;
      const members = groups.get(correlationId);
      if (members === undefined) groups.set(correlationId, [index]);
      else members.push(index);
    }
    return groups;
  }

  /** Orders the children of each call by start time, then links the nodes bottom-up (reverse pre-order). */
  makeGraph(correlationId: string, members: number[]) {
    const byStart = (a: number, b: number) =>
      (this.#start[a] as number) - (this.#start[b] as number); // stable: ties keep input order
    const roots = members.filter((member) => this.#parent[member] === NONE).sort(byStart);
    const firstChild = this.#firstChild;
    const childList = this.#childList;
    const preOrder: number[] = [];
    const stack = roots.slice().reverse();
    for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
      preOrder.push(at);
      const from = firstChild[at] as number;
      const to = firstChild[at + 1] as number;
      if (to - from > 1)
        childList.set(Array.from(childList.subarray(from, to)).sort(byStart), from);
      for (let i = to - 1; i >= from; i--) stack.push(childList[i] as number);
    }
    for (let i = preOrder.length - 1; i >= 0; i--) this.#link(preOrder[i] as number);
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

  /**
   * Links the node of a call whose children are linked: its children, in order, and its
   * subtree's roll-ups and span. A leaf is left as the table made it.
   */
  #link(index: number): void {
    const from = this.#firstChild[index] as number;
    const to = this.#firstChild[index + 1] as number;
    if (from === to) return;
    const node = this.#nodes[index] as UnlinkedNode;
    let subtreeCost = node.cost;
    let subtreeLatencyMs = node.latencyMs;
    let subtreeTokens = node.totalTokens;
    let subtreeStart = this.#subtreeStart[index] as number;
    let subtreeEnd = this.#subtreeEnd[index] as number;
    // made at its length: a pushed-to array keeps room for 16 more, most nodes have one child
    const children: ExecutionNode[] = new Array(to - from);
    for (let at = 0; at < children.length; at++) {
      const child = this.#childList[from + at] as number;
      const childNode = this.#nodes[child] as UnlinkedNode;
      children[at] = childNode;
      subtreeCost = addKnown(subtreeCost, childNode.subtreeCost);
      subtreeLatencyMs += childNode.subtreeLatencyMs;
      subtreeTokens = addKnown(subtreeTokens, childNode.subtreeTokens);
      subtreeStart = Math.min(subtreeStart, this.#subtreeStart[child] as number);
      subtreeEnd = Math.max(subtreeEnd, this.#subtreeEnd[child] as number);
    }
    this.#subtreeStart[index] = subtreeStart;
    this.#subtreeEnd[index] = subtreeEnd;
    node.children = children;
    node.subtreeCost = subtreeCost;
    node.subtreeLatencyMs = subtreeLatencyMs;
    node.subtreeTokens = subtreeTokens;
    node.subtreeWallClockMs = asSmallInteger(subtreeEnd - subtreeStart);
  }
}
