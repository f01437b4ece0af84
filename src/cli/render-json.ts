import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import type { Group } from './group-by.js';
import type { Repricing } from './reprice.js';
import type { RunStats } from './stats.js';

/** `undefined` (unknown) becomes `null`, so every node has every key. */
const value = (v: unknown) => JSON.stringify(v === undefined ? null : v);
const withNulls = (_key: string, v: unknown) => (v === undefined ? null : v);

/** The node's fields up to `children` (which the caller writes, iteratively). */
function openNode(node: ExecutionNode): string {
  return (
    `{"eventId":${value(node.eventId)},"parentRequestId":${value(node.parentRequestId)}` +
    `,"correlationId":${value(node.correlationId)},"model":${value(node.model)}` +
    `,"provider":${value(node.provider)},"status":${value(node.status)}` +
    `,"section":${value(node.section)},"sessionId":${value(node.sessionId)}` +
    `,"userId":${value(node.userId)},"feature":${value(node.feature)}` +
    `,"environment":${value(node.environment)},"samplingIteration":${value(node.samplingIteration)}` +
    `,"tags":${JSON.stringify(node.tags ?? null)},"startTime":${value(node.startTime)}` +
    `,"endTime":${value(node.endTime)},"cost":${value(node.cost)}` +
    `,"latencyMs":${value(node.latencyMs)},"inputTokens":${value(node.inputTokens)}` +
    `,"outputTokens":${value(node.outputTokens)},"totalTokens":${value(node.totalTokens)}` +
    `,"toolCalls":${JSON.stringify(node.toolCalls, withNulls)}` +
    `,"subtreeCost":${value(node.subtreeCost)},"subtreeLatencyMs":${value(node.subtreeLatencyMs)}` +
    `,"subtreeTokens":${value(node.subtreeTokens)}` +
    `,"subtreeWallClockMs":${value(node.subtreeWallClockMs)},"children":[`
  );
}

/**
 * `--format json`: one JSON document, `{ "graphs": [...], "stats": {...} }` (and `"repricing"`
 * with `--reprice`), on one line. Each
 * graph is `{ correlationId, totalCost, totalLatencyMs, totalTokens, roots }`, each node has the
 * `ExecutionNode` fields with `children` nested, unknown values as `null`; with `--group-by`,
 * `groups` last. Written without
 * recursion (JSON.stringify recurses), in pieces, so any depth and size streams out.
 */
export function* renderJson(
  graphs: readonly ExecutionGraph[],
  stats: RunStats,
  repricing?: Repricing,
  groups?: readonly Group[],
): Generator<string> {
  yield '{"graphs":[';
  for (const [index, graph] of graphs.entries()) {
    if (index > 0) yield ',';
    yield* renderGraphJson(graph);
  }
  const repriced = repricing === undefined ? '' : `,"repricing":${JSON.stringify(repricing)}`;
  const grouped = groups === undefined ? '' : `,"groups":${JSON.stringify(groups)}`;
  yield `],"stats":${JSON.stringify(stats)}${repriced}${grouped}}\n`;
}

/**
 * One graph as JSON, `{ correlationId, totalCost, totalLatencyMs, totalTokens, roots }`, in
 * pieces (no line break): an element of `--format json`'s `graphs`, and a line of `--follow`.
 */
export function* renderGraphJson(graph: ExecutionGraph): Generator<string> {
  const pieces: string[] = [
    `{"correlationId":${value(graph.correlationId)}` +
      `,"totalCost":${value(graph.totalCost())},"totalLatencyMs":${value(graph.totalLatencyMs())}` +
      `,"totalTokens":${value(graph.totalTokens())},"roots":[`,
  ];
  const stack: (ExecutionNode | string)[] = [']}'];
  pushList(stack, graph.roots);
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    if (typeof at === 'string') {
      pieces.push(at);
      continue;
    }
    pieces.push(openNode(at));
    stack.push(']}');
    pushList(stack, at.children);
    if (pieces.length >= 4096) yield pieces.splice(0).join('');
  }
  yield pieces.join('');
}

/** Pushes nodes (and the commas between them) so that they pop in order. */
function pushList(stack: (ExecutionNode | string)[], nodes: readonly ExecutionNode[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) {
    stack.push(nodes[i] as ExecutionNode);
    if (i > 0) stack.push(',');
  }
}
