import type { CallGraph } from '../graph/call-graph.js';
import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import { formatCost, formatTokens } from './format.js';

// The one model of a rendered graph: what the tree, the summary and the HTML report show of a
// call, a correlation, a model and the whole run. Renderers import this, not each other.

/**
 * A sum over calls that knows how many calls had no value: `value` sums the known ones
 * (`undefined` when none was known), and the renderers mark it as a lower bound (`≥`) when
 * `unknownCalls` > 0. Unknown is not zero.
 */
export interface PartialSum {
  readonly value: number | undefined;
  readonly unknownCalls: number;
}

/** A cost sum as text: `$0.0331`, `≥$0.0331` when some calls had no cost, `$?` when none had one. */
export const costText = (sum: PartialSum): string =>
  formatCost(sum.value, sum.value !== undefined && sum.unknownCalls > 0);

/** A token sum as text: `1,234 tok`, `≥1,234 tok`, or `? tok`. */
export const tokensText = (sum: PartialSum): string =>
  formatTokens(sum.value, sum.value !== undefined && sum.unknownCalls > 0);

/** A `PartialSum` being added up. */
class Tally implements PartialSum {
  value: number | undefined;
  unknownCalls = 0;

  /** Adds one call's value (`undefined`: unknown), or a sum already made (`count` calls unknown). */
  add(value: number | undefined, unknownCalls = value === undefined ? 1 : 0): void {
    if (value !== undefined) this.value = (this.value ?? 0) + value;
    this.unknownCalls += unknownCalls;
  }
}

/** One correlation, rolled up: what its tree header, summary row and report row show. */
export interface GraphRollUp {
  readonly nodes: readonly ExecutionNode[];
  readonly calls: number;
  /** `graph.totalCost()`, with the calls it leaves out. */
  readonly cost: PartialSum;
  /** `graph.totalTokens()`, with the calls it leaves out. */
  readonly tokens: PartialSum;
  /** The sum of latencies (work done). */
  readonly work: number;
  /** The first start (ms since epoch). */
  readonly start: number;
  /** The wall-clock span, first start to last end. */
  readonly wall: number;
  readonly errors: number;
}

/** Rolls one correlation up (`nodes`: its `flatten()`, when the caller has it already). */
export function rollUpGraph(
  graph: CallGraph,
  nodes: readonly ExecutionNode[] = graph.flatten(),
): GraphRollUp {
  return { nodes, ...sumsOf(graph) };
}

/** A correlation's roll-up but its nodes: read from its calls, no node made. */
function sumsOf(graph: CallGraph): Omit<GraphRollUp, 'nodes'> {
  const sums = graph.sums();
  return {
    calls: sums.calls,
    cost: { value: graph.totalCost(), unknownCalls: sums.costUnknown },
    tokens: { value: graph.totalTokens(), unknownCalls: sums.tokensUnknown },
    work: graph.totalLatencyMs(),
    start: sums.start,
    wall: sums.wall,
    errors: sums.errors,
  };
}

/** The whole run: every shown correlation added up. */
export interface RunTotals {
  readonly correlations: number;
  readonly calls: number;
  readonly cost: PartialSum;
  readonly tokens: PartialSum;
  readonly work: number;
  readonly errors: number;
}

/** Adds the correlations up (each correlation's sums, in order). */
export function runTotals(graphs: readonly CallGraph[]): RunTotals {
  const cost = new Tally();
  const tokens = new Tally();
  let calls = 0;
  let work = 0;
  let errors = 0;
  for (const graph of graphs) {
    const rollUp = sumsOf(graph);
    calls += rollUp.calls;
    cost.add(rollUp.cost.value, rollUp.cost.unknownCalls);
    tokens.add(rollUp.tokens.value, rollUp.tokens.unknownCalls);
    work += rollUp.work;
    errors += rollUp.errors;
  }
  return { correlations: graphs.length, calls, cost, tokens, work, errors };
}

/** The calls of one model (of one provider), added up. */
export interface ModelRow {
  readonly model: string;
  readonly provider: string;
  readonly calls: number;
  readonly cost: PartialSum;
  readonly tokens: PartialSum;
}

/** Every model's calls, largest cost first (then tokens, then calls). */
export function modelRows(graphs: readonly CallGraph[]): ModelRow[] {
  type Row = { model: string; provider: string; calls: number; cost: Tally; tokens: Tally };
  const rows: Row[] = [];
  const byProvider = new Map<string, Map<string, Row>>(); // no key string made per call
  const add = (model: string, provider: string, cost?: number, totalTokens?: number) => {
    let byModel = byProvider.get(provider);
    if (byModel === undefined) {
      byModel = new Map();
      byProvider.set(provider, byModel);
    }
    let row = byModel.get(model);
    if (row === undefined) {
      row = { model, provider, calls: 0, cost: new Tally(), tokens: new Tally() };
      byModel.set(model, row);
      rows.push(row);
    }
    row.calls++;
    row.cost.add(cost);
    row.tokens.add(totalTokens);
  };
  for (const graph of graphs) graph.forEachCall(add);
  return rows.sort(
    (a, b) =>
      (b.cost.value ?? -1) - (a.cost.value ?? -1) ||
      (b.tokens.value ?? -1) - (a.tokens.value ?? -1) ||
      b.calls - a.calls,
  );
}

/** Which values a subtree's roll-up is missing: some call in it has no cost, or no token count. */
export interface UnknownBelow {
  readonly cost: boolean;
  readonly tokens: boolean;
}

/**
 * For every node of the graphs, whether its subtree has a call of unknown cost or tokens: then
 * `subtreeCost`/`subtreeTokens` sum only part of it, and the renderers mark them as lower bounds.
 */
export function unknownBelow(graphs: readonly ExecutionGraph[]): Map<ExecutionNode, UnknownBelow> {
  const result = new Map<ExecutionNode, UnknownBelow>();
  for (const graph of graphs) {
    const nodes = graph.flatten();
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i] as ExecutionNode;
      let cost = node.cost === undefined;
      let tokens = node.totalTokens === undefined;
      for (const child of node.children) {
        const below = result.get(child) as UnknownBelow;
        cost ||= below.cost;
        tokens ||= below.tokens;
      }
      result.set(node, { cost, tokens });
    }
  }
  return result;
}
