import type { CallGraph } from '../graph/call-graph.js';
import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import { formatCost, formatCount, formatDuration, formatTokens } from './format.js';
import {
  costText,
  type GraphRollUp,
  rollUpGraph,
  tokensText,
  type UnknownBelow,
  unknownBelow,
} from './rendered-graph.js';
import type { Style } from './style.js';

/** Deeper calls are drawn at this indentation, labelled with their depth (output stays linear). */
export const MAX_INDENT_DEPTH = 24;

const BRANCH = '├─ ';
const LAST = '└─ ';
const PIPE = '│  ';
const SPACE = '   ';

function rollUp(node: ExecutionNode, below: UnknownBelow, style: Style): string {
  return style.dim(
    `[subtree ${formatCost(node.subtreeCost, below.cost && node.subtreeCost !== undefined)} · ${formatDuration(node.subtreeLatencyMs)} work · ${formatDuration(node.subtreeWallClockMs)} wall · ${formatTokens(node.subtreeTokens, below.tokens && node.subtreeTokens !== undefined)}]`,
  );
}

/** Why a root's parent is not drawn above it. */
function missingParent(
  parentId: string,
  graphIds: ReadonlySet<string>,
  correlationOf: ReadonlyMap<string, string>,
): string {
  if (graphIds.has(parentId)) return 'cycle cut';
  const elsewhere = correlationOf.get(parentId);
  return elsewhere === undefined ? 'not in the log' : `in correlation ${elsewhere}`;
}

function describeNode(
  node: ExecutionNode,
  graphIds: ReadonlySet<string>,
  correlationOf: ReadonlyMap<string, string>,
  isRoot: boolean,
  below: UnknownBelow,
  style: Style,
): string {
  const parts = [
    `${style.cyan(node.model)} ${style.dim(`(${node.provider})`)}`,
    style.yellow(formatCost(node.cost)),
    formatDuration(node.latencyMs),
    formatTokens(node.totalTokens),
  ];
  if (node.status !== 'ok') parts.push(style.red(node.status));
  if (node.section !== undefined) parts.push(node.section);
  if (node.toolCalls.length > 0) {
    parts.push(`tools: ${node.toolCalls.map((call) => call.name).join(', ')}`);
  }
  if (isRoot && node.parentRequestId !== undefined) {
    const why = missingParent(node.parentRequestId, graphIds, correlationOf);
    parts.push(style.red(`parent ${node.parentRequestId} ${why}`));
  }
  parts.push(style.dim(`id ${node.eventId}`));
  const line = parts.join(' · ');
  return node.children.length > 0 ? `${line}  ${rollUp(node, below, style)}` : line;
}

function header(graph: CallGraph, rollUp: GraphRollUp, style: Style): string {
  const { calls } = rollUp;
  return style.bold(
    [
      `correlation ${graph.correlationId}`,
      `${formatCount(calls)} call${calls === 1 ? '' : 's'}`,
      costText(rollUp.cost),
      `${formatDuration(rollUp.work)} work`,
      `${formatDuration(rollUp.wall)} wall`,
      tokensText(rollUp.tokens),
    ].join(' · '),
  );
}

/** The correlation of every call of `graphs`, by event id. */
function correlationsById(graphs: readonly ExecutionGraph[]): Map<string, string> {
  const correlationOf = new Map<string, string>();
  for (const graph of graphs) {
    for (const node of graph.flatten()) correlationOf.set(node.eventId, graph.correlationId);
  }
  return correlationOf;
}

/**
 * The tree view: per graph a header line (calls, cost, work, wall-clock, tokens), then one line
 * per call drawn as a tree. A root whose parent is missing says why: a cycle was cut, the parent
 * is in another correlation (`in correlation <id>`), or it is not in the log. Yields the text in
 * pieces so a large output streams.
 */
export function* renderTree(graphs: readonly CallGraph[], style: Style): Generator<string> {
  const below = unknownBelow(graphs);
  const correlationOf = correlationsById(graphs);
  let first = true;
  for (const graph of graphs) {
    const nodes = graph.flatten();
    const ids = new Set(nodes.map((node) => node.eventId));
    const lines: string[] = [];
    if (!first) lines.push('');
    first = false;
    lines.push(header(graph, rollUpGraph(graph, nodes), style));
    const stack: { node: ExecutionNode; prefix: string; last: boolean; depth: number }[] = [];
    for (let i = graph.roots.length - 1; i >= 0; i--) {
      stack.push({
        node: graph.roots[i] as ExecutionNode,
        prefix: '',
        last: i === graph.roots.length - 1,
        depth: 0,
      });
    }
    for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
      const { node, prefix, last, depth } = at;
      const label = depth > MAX_INDENT_DEPTH ? style.dim(`[depth ${depth}] `) : '';
      const text = describeNode(
        node,
        ids,
        correlationOf,
        depth === 0,
        below.get(node) as UnknownBelow,
        style,
      );
      lines.push(`${prefix}${last ? LAST : BRANCH}${label}${text}`);
      const childPrefix = depth >= MAX_INDENT_DEPTH ? prefix : prefix + (last ? SPACE : PIPE);
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i] as ExecutionNode;
        stack.push({
          node: child,
          prefix: childPrefix,
          last: i === node.children.length - 1,
          depth: depth + 1,
        });
      }
      if (lines.length >= 512) yield `${lines.splice(0).join('\n')}\n`;
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
}
