import { asSmallInteger } from '../util/small-integer.js';
import { CALL_BLOCK_MASK, type CallTable, costAt, NO_PARENT } from './call-table.js';
import type { ExecutionNode } from './execution-graph.js';
import { RollUps } from './roll-ups.js';
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

const UNSEEN = 0;
const ON_PATH = 1;
const SETTLED = 2;
/** Shared by every leaf and every call without tool calls (the node fields are readonly). */
const NO_CHILDREN = Object.freeze([]) as unknown as ExecutionNode[];
const NO_TOOL_CALLS: readonly ToolCallRecord[] = Object.freeze([]);
/** A list at most this long is sorted in place; a longer one through an array. */
const SORTED_IN_PLACE = 16;

/**
 * The calls of a table, linked (the table is sealed), as one graph per correlation: per call
 * its parent, its children, its subtree's roll-ups (cost, tokens, latency, span); per graph its
 * calls in input order and depth-first, and its roots. Everything sits in typed arrays, one of
 * each for all the graphs: a graph is a number, and its lists are ranges of the shared ones.
 * Nodes are made a graph at a time, when asked for: what only needs sums (a summary) makes none.
 *
 * Graphs are numbered by their first call in the input. Within a graph, roots and children
 * come by start time (`time - latencyMs`), ties in input order.
 *
 * @example
 * ```ts
 * const calls = new LinkedCalls(table, (anomaly) => counts[anomaly]++);
 * for (let graph = 0; graph < calls.graphs; graph++) {
 *   console.log(calls.correlationIdOf(graph), calls.totals.cost(graph));
 * }
 * ```
 */
export class LinkedCalls {
  readonly table: CallTable;
  /** How many graphs (correlations) there are. */
  readonly graphs: number;
  /** Graph `g`'s calls are `members[memberStart[g] .. memberStart[g + 1])`, in input order. */
  readonly members: Int32Array;
  readonly memberStart: Int32Array;
  /** The same calls depth-first (each root, then its subtree), at the same positions. */
  readonly preOrder: Int32Array;
  /** Graph `g`'s roots (its calls without a parent in it) are `roots[rootStart[g] .. rootStart[g + 1])`. */
  readonly roots: Int32Array;
  readonly rootStart: Int32Array;
  /** Each graph's totals and span: its roots' subtrees added up, in root order. */
  readonly totals: RollUps;
  /** Per graph, its calls without a cost, without a token count, and with status `error`. */
  readonly costUnknown: Int32Array;
  readonly tokensUnknown: Int32Array;
  readonly errors: Int32Array;
  readonly #report: AnomalyReport | undefined;
  readonly #parent: Int32Array;
  /** When each call started: `time - latencyMs`. */
  readonly #start: Float64Array;
  /** Each call's subtree, rolled up. */
  readonly #subtrees: RollUps;
  /** The children of call `i` are `#childList[#firstChild[i] .. #firstChild[i + 1])`. */
  #firstChild: Int32Array = new Int32Array(1);
  #childList: Int32Array = new Int32Array(0);
  /** Each call's graph. */
  readonly #graphOf: Int32Array;
  #nodes: (ExecutionNode | undefined)[] | undefined;

  constructor(table: CallTable, report: AnomalyReport | undefined) {
    this.table = table;
    this.#report = report;
    const count = table.size;
    this.#parent = new Int32Array(count);
    this.#start = new Float64Array(count);
    this.#subtrees = new RollUps(count);
    this.#graphOf = new Int32Array(count);
    if (this.#findParents()) this.#cutCycles();
    table.seal();
    this.#listChildren();
    this.graphs = this.#numberGraphs();
    this.memberStart = new Int32Array(this.graphs + 1);
    this.members = this.#grouped(this.memberStart, () => true);
    this.rootStart = new Int32Array(this.graphs + 1);
    this.roots = this.#grouped(this.rootStart, (call) => this.#parent[call] === NO_PARENT);
    this.preOrder = new Int32Array(count);
    this.#order();
    // in reverse pre-order, every call comes after its children
    for (let i = count - 1; i >= 0; i--) this.#rollUp(this.preOrder[i] as number);
    this.totals = new RollUps(this.graphs);
    this.#rollUpGraphs();
    this.costUnknown = new Int32Array(this.graphs);
    this.tokensUnknown = new Int32Array(this.graphs);
    this.errors = new Int32Array(this.graphs);
    this.#count();
  }

  /** The correlation id of call `index`. */
  correlationOf(index: number): string {
    return this.table.blockOf(index).correlationId[index & CALL_BLOCK_MASK] as string;
  }

  /** The correlation id of graph `graph`. */
  correlationIdOf(graph: number): string {
    return this.correlationOf(this.members[this.memberStart[graph] as number] as number);
  }

  /**
   * The nodes of graph `graph`, made on the first call (bottom-up, so that each node's children
   * are made before it); by table index.
   */
  nodesOf(graph: number): (index: number) => ExecutionNode {
    this.#nodes ??= new Array(this.table.size);
    const nodes = this.#nodes;
    const from = this.memberStart[graph] as number;
    const to = this.memberStart[graph + 1] as number;
    if (nodes[this.preOrder[from] as number] === undefined) {
      for (let i = to - 1; i >= from; i--) {
        const index = this.preOrder[i] as number;
        nodes[index] = this.#makeNode(index, nodes);
      }
    }
    return (index) => nodes[index] as ExecutionNode;
  }

  /**
   * Links each call to its parent: the one found as the table was built, else looked up now (a
   * parent not kept, or in another correlation, is reported). Whether a parent found now came
   * after its child: only such a link can close a loop.
   */
  #findParents(): boolean {
    const table = this.table;
    let laterParents = false;
    for (let i = 0; i < table.size; i++) {
      const block = table.blockOf(i);
      const at = i & CALL_BLOCK_MASK;
      this.#start[i] = (block.time[at] as number) - (block.latencyMs[at] as number);
      let parent = block.parent[at] as number;
      if (parent === NO_PARENT && block.parentRequestId[at] !== undefined) {
        parent = table.linkParent(i);
        if (parent !== NO_PARENT) laterParents = true;
        else this.#report?.(table.isSampledOut(i) ? 'sampled-out-parent' : 'orphan', i);
      }
      this.#parent[i] = parent;
    }
    return laterParents;
  }

  /** Numbers the graphs by their first call and notes each call's; how many there are. */
  #numberGraphs(): number {
    const numbers = new Map<string, number>();
    const graphOf = this.#graphOf;
    for (let i = 0; i < graphOf.length; i++) {
      const correlationId = this.correlationOf(i);
      let graph = numbers.get(correlationId);
      if (graph === undefined) {
        graph = numbers.size;
        numbers.set(correlationId, graph);
      }
      graphOf[i] = graph;
    }
    return numbers.size;
  }

  /**
   * The calls `included`, grouped by graph, each group in input order; fills `starts` with where
   * each group starts (and, last, the end).
   */
  #grouped(starts: Int32Array, included: (call: number) => boolean): Int32Array {
    const graphOf = this.#graphOf;
    for (let i = 0; i < graphOf.length; i++) {
      if (included(i)) (starts[(graphOf[i] as number) + 1] as number) += 1;
    }
    for (let g = 1; g < starts.length; g++) (starts[g] as number) += starts[g - 1] as number;
    const list = new Int32Array(starts[starts.length - 1] as number);
    const next = starts.slice(0, starts.length - 1);
    for (let i = 0; i < graphOf.length; i++) {
      if (included(i)) list[(next[graphOf[i] as number] as number)++] = i;
    }
    return list;
  }

  /** Sorts the roots and the children by start time, and lists each graph's calls depth-first. */
  #order(): void {
    const { roots, rootStart, preOrder } = this;
    for (let g = 0; g < this.graphs; g++) {
      this.#sortByStart(roots, rootStart[g] as number, rootStart[g + 1] as number);
    }
    const firstChild = this.#firstChild;
    const childList = this.#childList;
    for (let i = 0; i < preOrder.length; i++) {
      this.#sortByStart(childList, firstChild[i] as number, firstChild[i + 1] as number);
    }
    const stack = new Int32Array(preOrder.length);
    let position = 0;
    for (let g = 0; g < this.graphs; g++) {
      let depth = 0;
      for (let r = (rootStart[g + 1] as number) - 1; r >= (rootStart[g] as number); r--) {
        stack[depth++] = roots[r] as number;
      }
      while (depth > 0) {
        const at = stack[--depth] as number;
        preOrder[position++] = at;
        for (let c = (firstChild[at + 1] as number) - 1; c >= (firstChild[at] as number); c--) {
          stack[depth++] = childList[c] as number;
        }
      }
    }
  }

  /** Sorts `list[from, to)` by start time, ties in the order of the calls (their input order). */
  #sortByStart(list: Int32Array, from: number, to: number): void {
    if (to - from < 2) return;
    const start = this.#start;
    const before = (a: number, b: number) => (start[a] as number) - (start[b] as number) || a - b;
    if (to - from > SORTED_IN_PLACE) {
      list.set(Array.from(list.subarray(from, to)).sort(before), from);
      return;
    }
    for (let i = from + 1; i < to; i++) {
      const call = list[i] as number;
      let j = i - 1;
      for (; j >= from && before(list[j] as number, call) > 0; j--) list[j + 1] = list[j] as number;
      list[j + 1] = call;
    }
  }

  /** Counts each graph's calls without a cost, without a token count, and in error. */
  #count(): void {
    const graphOf = this.#graphOf;
    for (let i = 0; i < graphOf.length; i++) {
      const block = this.table.blockOf(i);
      const at = i & CALL_BLOCK_MASK;
      const graph = graphOf[i] as number;
      if (block.costKnown[at] === 0) (this.costUnknown[graph] as number) += 1;
      if (block.totalTokens[at] === undefined) (this.tokensUnknown[graph] as number) += 1;
      if (block.status[at] === 'error') (this.errors[graph] as number) += 1;
    }
  }

  /** Each graph's totals and span: its roots' subtrees added up, in root order. */
  #rollUpGraphs(): void {
    const { roots, rootStart, totals } = this;
    for (let g = 0; g < this.graphs; g++) {
      totals.set(g, undefined, undefined, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
      for (let r = rootStart[g] as number; r < (rootStart[g + 1] as number); r++) {
        totals.add(g, this.#subtrees, roots[r] as number);
      }
    }
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
      while (at !== NO_PARENT && state[at] === UNSEEN) {
        state[at] = ON_PATH;
        path.push(at);
        at = parent[at] as number;
      }
      if (at !== NO_PARENT && state[at] === ON_PATH) {
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
        parent[cut] = NO_PARENT;
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
    for (const up of parent) if (up !== NO_PARENT) (firstChild[up + 1] as number) += 1;
    for (let i = 1; i < firstChild.length; i++) {
      (firstChild[i] as number) += firstChild[i - 1] as number;
    }
    const childList = new Int32Array(firstChild[parent.length] as number);
    const next = firstChild.slice(0, parent.length);
    for (let i = 0; i < parent.length; i++) {
      const up = parent[i] as number;
      if (up !== NO_PARENT) childList[(next[up] as number)++] = i;
    }
    this.#firstChild = firstChild;
    this.#childList = childList;
  }

  /** Rolls up the subtree of a call whose children are rolled up. */
  #rollUp(index: number): void {
    const block = this.table.blockOf(index);
    const at = index & CALL_BLOCK_MASK;
    const subtrees = this.#subtrees;
    const latencyMs = block.latencyMs[at] as number;
    const start = this.#start[index] as number;
    subtrees.set(
      index,
      costAt(block, at),
      block.totalTokens[at],
      latencyMs,
      start,
      block.time[at] as number,
    );
    const to = this.#firstChild[index + 1] as number;
    for (let i = this.#firstChild[index] as number; i < to; i++) {
      subtrees.add(index, subtrees, this.#childList[i] as number);
    }
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
      subtreeCost: this.#subtrees.cost(index),
      subtreeLatencyMs: this.#subtrees.latencyMs(index),
      subtreeTokens: this.#subtrees.tokens(index),
      subtreeWallClockMs: asSmallInteger(
        (this.#subtrees.end[index] as number) - (this.#subtrees.start[index] as number),
      ),
    };
  }
}
