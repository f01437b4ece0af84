import type { LlmEvent } from '../events/schema.js';
import {
  addKnown,
  BuiltExecutionGraph,
  type ExecutionGraph,
  type ExecutionNode,
} from './execution-graph.js';
import { parseToolCalls } from './tool-calls.js';

/**
 * What `buildExecutionGraphs` reports about an event it could not place as logged:
 * - `duplicate`: an event whose `eventId` was seen before; the first one wins, this one is left out.
 * - `orphan`: an event whose parent is not among the events of its correlation (absent, or in
 *   another correlation); it becomes a root.
 * - `cycle`: parent links that loop; the call of the loop that started first becomes a root.
 */
export type GraphAnomaly = 'duplicate' | 'orphan' | 'cycle';

/** Options of `buildExecutionGraphs`. */
export interface BuildExecutionGraphsOptions {
  /** Called once per event that is a duplicate, an orphan, or where a cycle was cut. */
  readonly onAnomaly?: (anomaly: GraphAnomaly, event: LlmEvent) => void;
}

/** Build-time state of one kept event; the node is made once its children are made. */
interface Pending {
  readonly index: number;
  readonly event: LlmEvent;
  readonly start: number;
  parent: Pending | undefined;
  readonly children: Pending[];
  subtreeStart: number;
  subtreeEnd: number;
  node: ExecutionNode | undefined;
}

/**
 * Builds one execution graph per correlation id from LLM call events (in any order, for
 * example as read from several logs). A call's parent is the event whose `eventId` is its
 * `parentRequestId` in the same correlation. A parent in another correlation is not followed
 * (the call is a root of its own group), an absent parent makes a root, a duplicate `eventId`
 * keeps the first event, and parent links that loop are cut; `options.onAnomaly` hears of each.
 * Iterative throughout: any depth builds, and nothing hangs.
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
  const report = options.onAnomaly;
  const pending = keepFirstOfEachId(events, report);
  linkParents(pending, report);
  cutCycles(pending, report);
  const groups = groupByCorrelation(pending);
  const graphs: { graph: ExecutionGraph; start: number; first: number }[] = [];
  for (const [correlationId, members] of groups) {
    graphs.push(makeGraph(correlationId, members));
  }
  graphs.sort((a, b) => a.start - b.start || a.first - b.first);
  return graphs.map((entry) => entry.graph);
}

function keepFirstOfEachId(
  events: Iterable<LlmEvent>,
  report: BuildExecutionGraphsOptions['onAnomaly'],
): Map<string, Pending> {
  const byId = new Map<string, Pending>();
  for (const event of events) {
    if (byId.has(event.eventId)) {
      report?.('duplicate', event);
      continue;
    }
    const start = event.time - event.latencyMs;
    byId.set(event.eventId, {
      index: byId.size,
      event,
      start,
      parent: undefined,
      children: [],
      subtreeStart: start,
      subtreeEnd: event.time,
      node: undefined,
    });
  }
  return byId;
}

function linkParents(
  byId: Map<string, Pending>,
  report: BuildExecutionGraphsOptions['onAnomaly'],
): void {
  for (const pending of byId.values()) {
    const parentId = pending.event.parentRequestId;
    if (parentId === undefined) continue;
    const parent = byId.get(parentId);
    if (parent !== undefined && parent.event.correlationId === pending.event.correlationId) {
      pending.parent = parent;
    } else {
      report?.('orphan', pending.event);
    }
  }
}

const UNSEEN = 0;
const ON_PATH = 1;
const SETTLED = 2;

/**
 * Walks up from every call, marking the path; a walk that meets its own path has found a loop,
 * which is cut at the call of the loop that started first (ties: first in input). Each call is
 * walked over once, so this is linear.
 */
function cutCycles(
  byId: Map<string, Pending>,
  report: BuildExecutionGraphsOptions['onAnomaly'],
): void {
  const state = new Uint8Array(byId.size);
  const path: Pending[] = [];
  for (const first of byId.values()) {
    let at: Pending | undefined = first;
    while (at !== undefined && state[at.index] === UNSEEN) {
      state[at.index] = ON_PATH;
      path.push(at);
      at = at.parent;
    }
    if (at !== undefined && state[at.index] === ON_PATH) {
      let cut = at;
      for (let i = path.lastIndexOf(at) + 1; i < path.length; i++) {
        const member = path[i] as Pending;
        if (member.start < cut.start || (member.start === cut.start && member.index < cut.index)) {
          cut = member;
        }
      }
      cut.parent = undefined;
      report?.('cycle', cut.event);
    }
    for (const settled of path) state[settled.index] = SETTLED;
    path.length = 0;
  }
}

function groupByCorrelation(byId: Map<string, Pending>): Map<string, Pending[]> {
  const groups = new Map<string, Pending[]>();
  for (const pending of byId.values()) {
    const id = pending.event.correlationId;
    const members = groups.get(id);
    if (members === undefined) groups.set(id, [pending]);
    else members.push(pending);
  }
  return groups;
}

const byStart = (a: Pending, b: Pending) => a.start - b.start; // stable: ties keep input order

/** Links children, orders them, then makes the nodes bottom-up (reverse pre-order). */
function makeGraph(correlationId: string, members: Pending[]) {
  const roots: Pending[] = [];
  for (const member of members) {
    if (member.parent === undefined) roots.push(member);
    else member.parent.children.push(member);
  }
  roots.sort(byStart);
  const preOrder: Pending[] = [];
  const stack = roots.slice().reverse();
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    preOrder.push(at);
    if (at.children.length > 1) at.children.sort(byStart);
    for (let i = at.children.length - 1; i >= 0; i--) stack.push(at.children[i] as Pending);
  }
  for (let i = preOrder.length - 1; i >= 0; i--) makeNode(preOrder[i] as Pending);
  const nodeOf = (pending: Pending) => pending.node as ExecutionNode;
  const first = members[0] as Pending;
  let start = Number.POSITIVE_INFINITY;
  for (const root of roots) start = Math.min(start, root.subtreeStart);
  return {
    graph: new BuiltExecutionGraph(
      correlationId,
      roots.map(nodeOf),
      preOrder.map(nodeOf),
      members.map(nodeOf),
    ),
    start,
    first: first.index,
  };
}

/** The node of a call whose children's nodes are made; it also settles the subtree's span. */
function makeNode(pending: Pending): void {
  const { event } = pending;
  const totalTokens =
    event.totalTokens ??
    (event.inputTokens !== undefined && event.outputTokens !== undefined
      ? event.inputTokens + event.outputTokens
      : undefined);
  let subtreeCost = event.cost;
  let subtreeLatencyMs = event.latencyMs;
  let subtreeTokens = totalTokens;
  const children: ExecutionNode[] = [];
  for (const child of pending.children) {
    const node = child.node as ExecutionNode;
    children.push(node);
    subtreeCost = addKnown(subtreeCost, node.subtreeCost);
    subtreeLatencyMs += node.subtreeLatencyMs;
    subtreeTokens = addKnown(subtreeTokens, node.subtreeTokens);
    if (child.subtreeStart < pending.subtreeStart) pending.subtreeStart = child.subtreeStart;
    if (child.subtreeEnd > pending.subtreeEnd) pending.subtreeEnd = child.subtreeEnd;
  }
  pending.node = {
    eventId: event.eventId,
    parentRequestId: event.parentRequestId,
    correlationId: event.correlationId,
    model: event.model,
    provider: event.provider,
    status: event.status,
    section: event.section,
    startTime: pending.start,
    endTime: event.time,
    cost: event.cost,
    latencyMs: event.latencyMs,
    inputTokens: event.inputTokens,
    outputTokens: event.outputTokens,
    totalTokens,
    toolCalls: event.toolCalls?.length ? parseToolCalls(event.toolCalls) : [],
    children,
    subtreeCost,
    subtreeLatencyMs,
    subtreeTokens,
    subtreeWallClockMs: pending.subtreeEnd - pending.subtreeStart,
  };
}
