import { asSmallInteger } from '../util/small-integer.js';
import { CALL_BLOCK_MASK, type CallTable, costAt } from './call-table.js';
import { addKnown, type ExecutionNode } from './execution-graph.js';
import { parseToolCalls, type ToolCallRecord } from './tool-calls.js';

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

/** Hears of an anomaly of the call at `index` of the table. */
export type AnomalyReport = (anomaly: GraphAnomaly, index: number) => void;

/** One correlation's calls (table indexes), as linked: what its graph is made of. */
export interface LinkedGraph {
  readonly correlationId: string;
  /** In input order. */
  readonly members: readonly number[];
  /** The calls without a parent in the correlation, by start time (ties in input order). */
  readonly roots: readonly number[];
  /** Depth-first: each root then its subtree, children by start time. */
  readonly preOrder: readonly number[];
  /** Its first start and last end (ms since the epoch). */
  readonly start: number;
  readonly end: number;
}

const NONE = -1;
const UNSEEN = 0;
const ON_PATH = 1;
const SETTLED = 2;
const COST_KNOWN = 1;
const TOKENS_KNOWN = 2;
/** Shared by every leaf and every call without tool calls (the node fields are readonly). */
const NO_CHILDREN = Object.freeze([]) as unknown as ExecutionNode[];
const NO_TOOL_CALLS: readonly ToolCallRecord[] = Object.freeze([]);

/**
 * The calls of a table, linked (the table is sealed): per call its parent, its children in one
 * list, and once its correlation is linked its subtree's roll-ups and span, all in typed arrays.
 * Nodes are made a graph at a time, when asked for: what only needs sums (a summary) makes none.
 *
 * @example
 * ```ts
 * const calls = new LinkedCalls(table, (anomaly) => counts[anomaly]++);
 * for (const [correlationId, members] of calls.groupByCorrelation()) {
 *   const graph = calls.link(correlationId, members);
 *   console.log(calls.subtreeCost(graph.roots[0]));
 * }
 * ```
 */
export class LinkedCalls {
  readonly table: CallTable;
  readonly #report: AnomalyReport | undefined;
  readonly #parent: Int32Array;
  /** When each call started: `time - latencyMs`. */
  readonly #start: Float64Array;
  readonly #subtreeStart: Float64Array;
  readonly #subtreeEnd: Float64Array;
  readonly #subtreeCost: Float64Array;
  readonly #subtreeLatencyMs: Float64Array;
  readonly #subtreeTokens: Float64Array;
  /** Per call: `COST_KNOWN` when its subtree has a known cost, `TOKENS_KNOWN` a known token count. */
  readonly #known: Uint8Array;
  /** The children of call `i` are `#childList[#firstChild[i] .. #firstChild[i + 1])`. */
  #firstChild: Int32Array = new Int32Array(1);
  #childList: Int32Array = new Int32Array(0);
  #nodes: (ExecutionNode | undefined)[] | undefined;

  constructor(table: CallTable, report: AnomalyReport | undefined) {
    this.table = table;
    this.#report = report;
    const count = table.size;
    this.#parent = new Int32Array(count).fill(NONE);
    this.#start = new Float64Array(count);
    this.#subtreeStart = new Float64Array(count);
    this.#subtreeEnd = new Float64Array(count);
    this.#subtreeCost = new Float64Array(count);
    this.#subtreeLatencyMs = new Float64Array(count);
    this.#subtreeTokens = new Float64Array(count);
    this.#known = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const block = table.blockOf(i);
      const at = i & CALL_BLOCK_MASK;
      const end = block.time[at] as number;
      this.#start[i] = end - (block.latencyMs[at] as number);
      const parentId = block.parentRequestId[at];
      if (parentId === undefined) continue;
      const parent = table.indexOf(parentId);
      if (parent !== undefined && this.correlationOf(parent) === block.correlationId[at]) {
        this.#parent[i] = parent;
        // the parent's own id string, equal to this one: one string per id is kept, not two
        block.parentRequestId[at] = table.blockOf(parent).eventId[parent & CALL_BLOCK_MASK];
      } else {
        report?.(table.isSampledOut(i) ? 'sampled-out-parent' : 'orphan', i);
      }
    }
    table.seal();
    this.#cutCycles();
    this.#listChildren();
  }

  /** The correlation id of call `index`. */
  correlationOf(index: number): string {
    return this.table.blockOf(index).correlationId[index & CALL_BLOCK_MASK] as string;
  }

  /** The known costs of the subtree of call `index`, summed; `undefined` when none is known. */
  subtreeCost(index: number): number | undefined {
    return ((this.#known[index] as number) & COST_KNOWN) === 0
      ? undefined
      : this.#subtreeCost[index];
  }

  /** The latencies of the subtree of call `index`, summed. */
  subtreeLatencyMs(index: number): number {
    return asSmallInteger(this.#subtreeLatencyMs[index] as number);
  }

  /** The known token counts of the subtree of call `index`, summed; `undefined` when none is known. */
  subtreeTokens(index: number): number | undefined {
    return ((this.#known[index] as number) & TOKENS_KNOWN) === 0
      ? undefined
      : this.#subtreeTokens[index];
  }

  /** The kept calls' indexes by correlation id, in input order. */
  groupByCorrelation(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    for (let index = 0; index < this.table.size; index++) {
      const correlationId = this.correlationOf(index);
      const members = groups.get(correlationId);
      if (members === undefined) groups.set(correlationId, [index]);
      else members.push(index);
    }
    return groups;
  }

  /**
   * Links one correlation's calls: orders each call's children by start time, then rolls each
   * subtree up, bottom-up (reverse pre-order).
   */
  link(correlationId: string, members: readonly number[]): LinkedGraph {
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
      if (to - from > 1) {
        childList.set(Array.from(childList.subarray(from, to)).sort(byStart), from);
      }
      for (let i = to - 1; i >= from; i--) stack.push(childList[i] as number);
    }
    for (let i = preOrder.length - 1; i >= 0; i--) this.#rollUp(preOrder[i] as number);
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const root of roots) {
      start = Math.min(start, this.#subtreeStart[root] as number);
      end = Math.max(end, this.#subtreeEnd[root] as number);
    }
    return { correlationId, members, roots, preOrder, start, end };
  }

  /**
   * The nodes of a linked graph, made on the first call (bottom-up, so that each node's
   * children are made before it); by table index.
   */
  nodesOf(graph: LinkedGraph): (index: number) => ExecutionNode {
    this.#nodes ??= new Array(this.table.size);
    const nodes = this.#nodes;
    if (graph.preOrder.length > 0 && nodes[graph.preOrder[0] as number] === undefined) {
      for (let i = graph.preOrder.length - 1; i >= 0; i--) {
        const index = graph.preOrder[i] as number;
        nodes[index] = this.#makeNode(index, nodes);
      }
    }
    return (index) => nodes[index] as ExecutionNode;
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

  /** Rolls up the subtree of a call whose children are rolled up: the sums over the known values, and the span. */
  #rollUp(index: number): void {
    const block = this.table.blockOf(index);
    const at = index & CALL_BLOCK_MASK;
    let subtreeCost = costAt(block, at);
    let subtreeTokens = block.totalTokens[at];
    let subtreeLatencyMs = block.latencyMs[at] as number;
    let subtreeStart = this.#start[index] as number;
    let subtreeEnd = block.time[at] as number;
    const to = this.#firstChild[index + 1] as number;
    for (let i = this.#firstChild[index] as number; i < to; i++) {
      const child = this.#childList[i] as number;
      subtreeCost = addKnown(subtreeCost, this.subtreeCost(child));
      subtreeTokens = addKnown(subtreeTokens, this.subtreeTokens(child));
      subtreeLatencyMs += this.#subtreeLatencyMs[child] as number;
      subtreeStart = Math.min(subtreeStart, this.#subtreeStart[child] as number);
      subtreeEnd = Math.max(subtreeEnd, this.#subtreeEnd[child] as number);
    }
    this.#known[index] =
      (subtreeCost === undefined ? 0 : COST_KNOWN) |
      (subtreeTokens === undefined ? 0 : TOKENS_KNOWN);
    this.#subtreeCost[index] = subtreeCost ?? 0;
    this.#subtreeTokens[index] = subtreeTokens ?? 0;
    this.#subtreeLatencyMs[index] = subtreeLatencyMs;
    this.#subtreeStart[index] = subtreeStart;
    this.#subtreeEnd[index] = subtreeEnd;
  }

  /** The node of call `index`, its children's nodes made. */
  #makeNode(index: number, nodes: readonly (ExecutionNode | undefined)[]): ExecutionNode {
    const block = this.table.blockOf(index);
    const at = index & CALL_BLOCK_MASK;
    const from = this.#firstChild[index] as number;
    const to = this.#firstChild[index + 1] as number;
    // made at its length: a pushed-to array keeps room for 16 more, most nodes have one child
    const children: ExecutionNode[] = from === to ? NO_CHILDREN : new Array(to - from);
    for (let i = from; i < to; i++) {
      children[i - from] = nodes[this.#childList[i] as number] as ExecutionNode;
    }
    const toolCalls = block.toolCalls?.[at];
    return {
      eventId: block.eventId[at] as string,
      parentRequestId: block.parentRequestId[at],
      correlationId: block.correlationId[at] as string,
      model: block.model[at] as string,
      provider: block.provider[at] as string,
      status: block.status[at] as ExecutionNode['status'],
      section: block.section?.[at],
      sessionId: block.sessionId?.[at],
      userId: block.userId?.[at],
      feature: block.feature?.[at],
      environment: block.environment?.[at],
      samplingIteration: block.samplingIteration?.[at],
      tags: block.tags?.[at],
      startTime: this.#start[index] as number,
      endTime: block.time[at] as number,
      cost: costAt(block, at),
      latencyMs: block.latencyMs[at] as number,
      inputTokens: block.inputTokens[at],
      outputTokens: block.outputTokens[at],
      totalTokens: block.totalTokens[at],
      toolCalls: toolCalls === undefined ? NO_TOOL_CALLS : parseToolCalls(toolCalls),
      children,
      subtreeCost: this.subtreeCost(index),
      subtreeLatencyMs: this.subtreeLatencyMs(index),
      subtreeTokens: this.subtreeTokens(index),
      subtreeWallClockMs: asSmallInteger(
        (this.#subtreeEnd[index] as number) - (this.#subtreeStart[index] as number),
      ),
    };
  }
}
