import { CALL_BLOCK_MASK, costAt } from './call-table.js';
import type { ExecutionGraph, ExecutionNode } from './execution-graph.js';
import type { LinkedCalls } from './linked-calls.js';

/** The sums over a graph's calls that a summary shows, read without making a node. */
export interface GraphSums {
  readonly calls: number;
  /** The calls without a cost, without a token count, with status `error`. */
  readonly costUnknown: number;
  readonly tokensUnknown: number;
  readonly errors: number;
  /** The first start (ms since the epoch). */
  readonly start: number;
  /** From the first start to the last end, in ms. */
  readonly wall: number;
}

/** What `CallGraph.forEachCall` hands over of a call. */
export type CallVisit = (
  model: string,
  provider: string,
  cost: number | undefined,
  totalTokens: number | undefined,
) => void;

interface Made {
  readonly roots: readonly ExecutionNode[];
  readonly preOrder: readonly ExecutionNode[];
  readonly inputOrder: readonly ExecutionNode[];
}

/**
 * The `ExecutionGraph` of one correlation, over linked calls: its totals are read from the
 * roll-ups, and its nodes are made the first time `roots`, `flatten` or `toOrderedSteps` is
 * asked for, then kept. `sums` and `forEachCall` read the calls without making nodes.
 *
 * @example
 * ```ts
 * const graph = new CallGraph(calls, 0); // the first correlation of the input
 * graph.totalCost(); // no node made
 * graph.roots; // the nodes, made now
 * ```
 */
export class CallGraph implements ExecutionGraph {
  readonly correlationId: string;
  readonly #calls: LinkedCalls;
  /** Its number among the graphs of `#calls`. */
  readonly #graph: number;
  #made: Made | undefined;

  constructor(calls: LinkedCalls, graph: number) {
    this.correlationId = calls.correlationIdOf(graph);
    this.#calls = calls;
    this.#graph = graph;
  }

  get roots(): readonly ExecutionNode[] {
    return this.#nodes().roots;
  }

  flatten(): ExecutionNode[] {
    return [...this.#nodes().preOrder];
  }

  toOrderedSteps(): ExecutionNode[] {
    return [...this.#nodes().inputOrder].sort((a, b) => a.startTime - b.startTime);
  }

  totalCost(): number | undefined {
    return this.#calls.totals.cost(this.#graph);
  }

  totalLatencyMs(): number {
    return this.#calls.totals.latencyMs(this.#graph);
  }

  totalTokens(): number | undefined {
    return this.#calls.totals.tokens(this.#graph);
  }

  /** The sums a summary shows, over every call of the graph. */
  sums(): GraphSums {
    const calls = this.#calls;
    const graph = this.#graph;
    const start = calls.totals.start[graph] as number;
    return {
      calls: this.#membersTo() - this.#membersFrom(),
      costUnknown: calls.costUnknown[graph] as number,
      tokensUnknown: calls.tokensUnknown[graph] as number,
      errors: calls.errors[graph] as number,
      start,
      wall: (calls.totals.end[graph] as number) - start,
    };
  }

  /** Hands each call's model, provider, cost and total tokens to `visit`, in pre-order. */
  forEachCall(visit: CallVisit): void {
    const calls = this.#calls;
    const table = calls.table;
    for (let m = this.#membersFrom(); m < this.#membersTo(); m++) {
      const index = calls.preOrder[m] as number;
      const block = table.blockOf(index);
      const at = index & CALL_BLOCK_MASK;
      visit(
        block.model[at] as string,
        block.provider[at] as string,
        costAt(block, at),
        block.totalTokens[at],
      );
    }
  }

  /** `JSON.stringify(graph)`: `{ correlationId, totalCost, totalLatencyMs, totalTokens, roots }`. */
  toJSON() {
    return {
      correlationId: this.correlationId,
      totalCost: this.totalCost(),
      totalLatencyMs: this.totalLatencyMs(),
      totalTokens: this.totalTokens(),
      roots: this.roots,
    };
  }

  #nodes(): Made {
    if (this.#made === undefined) {
      const calls = this.#calls;
      const nodeOf = calls.nodesOf(this.#graph);
      const from = this.#membersFrom();
      const to = this.#membersTo();
      this.#made = {
        roots: Array.from(calls.roots.subarray(this.#rootsFrom(), this.#rootsTo()), nodeOf),
        preOrder: Array.from(calls.preOrder.subarray(from, to), nodeOf),
        inputOrder: Array.from(calls.members.subarray(from, to), nodeOf),
      };
    }
    return this.#made;
  }

  #membersFrom(): number {
    return this.#calls.memberStart[this.#graph] as number;
  }

  #membersTo(): number {
    return this.#calls.memberStart[this.#graph + 1] as number;
  }

  #rootsFrom(): number {
    return this.#calls.rootStart[this.#graph] as number;
  }

  #rootsTo(): number {
    return this.#calls.rootStart[this.#graph + 1] as number;
  }
}
