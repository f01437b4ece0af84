import type { LlmEvent } from '../events/schema.js';
import { CallGraph } from './call-graph.js';
import { CallTable } from './call-table.js';
import type { ExecutionGraph } from './execution-graph.js';
import { type AnomalyReport, type GraphAnomaly, LinkedCalls } from './linked-calls.js';

export type { GraphAnomaly } from './linked-calls.js';

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
 * roots and children by start time (`time - latencyMs`; ties in input order). A graph's nodes
 * are made the first time `roots`, `flatten()` or `toOrderedSteps()` is asked for; its totals
 * make none.
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
  return buildCallGraphs(events, options);
}

/**
 * `buildExecutionGraphs`, its graphs as `CallGraph`s: for the CLI, which reads their sums
 * without making nodes.
 *
 * @example
 * ```ts
 * const [graph] = buildCallGraphs(events);
 * graph.sums().calls;
 * ```
 */
export function buildCallGraphs(
  events: Iterable<LlmEvent>,
  options: BuildExecutionGraphsOptions = {},
): CallGraph[] {
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
export function buildGraphsFromTable(table: CallTable, report?: AnomalyReport): CallGraph[] {
  const calls = new LinkedCalls(table, report);
  const order = Array.from({ length: calls.graphs }, (_, graph) => graph);
  // graphs are numbered by their first call, so the number breaks ties in input order
  const { start } = calls.totals;
  order.sort((a, b) => (start[a] as number) - (start[b] as number) || a - b);
  return order.map((graph) => new CallGraph(calls, graph));
}
