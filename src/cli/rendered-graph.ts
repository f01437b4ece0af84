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

/** The wall-clock span of calls: from the first start to the last end. */
export function wallClockMs(nodes: readonly ExecutionNode[]): number {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    if (node.startTime < start) start = node.startTime;
    if (node.endTime > end) end = node.endTime;
  }
  return nodes.length === 0 ? 0 : end - start;
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
  /** The first start (ms since epoch); 0 without calls. */
  readonly start: number;
  /** The wall-clock span, first start to last end. */
  readonly wall: number;
  readonly errors: number;
}

/** Rolls one correlation up (`nodes`: its `flatten()`, when the caller has it already). */
export function rollUpGraph(
  graph: ExecutionGraph,
  nodes: readonly ExecutionNode[] = graph.flatten(),
): GraphRollUp {
  let start = Number.POSITIVE_INFINITY;
  let costUnknown = 0;
  let tokensUnknown = 0;
  let errors = 0;
  for (const node of nodes) {
    if (node.startTime < start) start = node.startTime;
    if (node.cost === undefined) costUnknown++;
    if (node.totalTokens === undefined) tokensUnknown++;
    if (node.status === 'error') errors++;
  }
  return {
    nodes,
    calls: nodes.length,
    cost: { value: graph.totalCost(), unknownCalls: costUnknown },
    tokens: { value: graph.totalTokens(), unknownCalls: tokensUnknown },
    work: graph.totalLatencyMs(),
    start: nodes.length === 0 ? 0 : start,
    wall: wallClockMs(nodes),
    errors,
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
export function runTotals(graphs: readonly ExecutionGraph[]): RunTotals {
  const cost = new Tally();
  const tokens = new Tally();
  let calls = 0;
  let work = 0;
  let errors = 0;
  for (const graph of graphs) {
    const rollUp = rollUpGraph(graph);
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
export function modelRows(graphs: readonly ExecutionGraph[]): ModelRow[] {
  type Row = { model: string; provider: string; calls: number; cost: Tally; tokens: Tally };
  const rows: Row[] = [];
  const byProvider = new Map<string, Map<string, Row>>(); // no key string made per call
  for (const graph of graphs) {
    for (const node of graph.flatten()) {
      let byModel = byProvider.get(node.provider);
      if (byModel === undefined) {
        byModel = new Map();
        byProvider.set(node.provider, byModel);
      }
      let row = byModel.get(node.model);
      if (row === undefined) {
        row = {
          model: node.model,
          provider: node.provider,
          calls: 0,
          cost: new Tally(),
          tokens: new Tally(),
        };
        byModel.set(node.model, row);
        rows.push(row);
      }
      row.calls++;
      row.cost.add(node.cost);
      row.tokens.add(node.totalTokens);
    }
  }
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
