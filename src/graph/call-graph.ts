import { CALL_BLOCK_MASK, costAt } from './call-table.js';
import { addKnown, type ExecutionGraph, type ExecutionNode } from './execution-graph.js';
import type { LinkedCalls, LinkedGraph } from './linked-calls.js';

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
 * const graph = new CallGraph(calls, calls.link(correlationId, members));
 * graph.totalCost(); // no node made
 * graph.roots; // the nodes, made now
 * ```
 */
export class CallGraph implements ExecutionGraph {
  readonly correlationId: string;
  readonly #calls: LinkedCalls;
  readonly #linked: LinkedGraph;
  #made: Made | undefined;

  constructor(calls: LinkedCalls, linked: LinkedGraph) {
    this.correlationId = linked.correlationId;
    this.#calls = calls;
    this.#linked = linked;
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
    let total: number | undefined;
    for (const root of this.#linked.roots) total = addKnown(total, this.#calls.subtreeCost(root));
    return total;
  }

  totalLatencyMs(): number {
    let total = 0;
    for (const root of this.#linked.roots) total += this.#calls.subtreeLatencyMs(root);
    return total;
  }

  totalTokens(): number | undefined {
    let total: number | undefined;
    for (const root of this.#linked.roots) {
      total = addKnown(total, this.#calls.subtreeTokens(root));
    }
    return total;
  }

  /** The sums a summary shows, over every call of the graph. */
  sums(): GraphSums {
    const { members, start, end } = this.#linked;
    let costUnknown = 0;
    let tokensUnknown = 0;
    let errors = 0;
    for (const index of members) {
      const block = this.#calls.table.blockOf(index);
      const at = index & CALL_BLOCK_MASK;
      if (block.costKnown[at] === 0) costUnknown++;
      if (block.totalTokens[at] === undefined) tokensUnknown++;
      if (block.status[at] === 'error') errors++;
    }
    return { calls: members.length, costUnknown, tokensUnknown, errors, start, wall: end - start };
  }

  /** Hands each call's model, provider, cost and total tokens to `visit`, in pre-order. */
  forEachCall(visit: CallVisit): void {
    const table = this.#calls.table;
    for (const index of this.#linked.preOrder) {
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
      const nodeOf = this.#calls.nodesOf(this.#linked);
      this.#made = {
        roots: this.#linked.roots.map(nodeOf),
        preOrder: this.#linked.preOrder.map(nodeOf),
        inputOrder: this.#linked.members.map(nodeOf),
      };
    }
    return this.#made;
  }
}
