import type { LlmEvent } from '../events/schema.js';
import { asSmallInteger } from '../util/small-integer.js';
import type { ExecutionNode } from './execution-graph.js';
import { parseToolCalls, type ToolCallRecord } from './tool-calls.js';
import { totalTokensOf } from './total-tokens.js';

/** What `CallTable.add` says of an event it did not keep (the graph anomalies of that name). */
export type RefusedCall = 'duplicate' | 'invalid';

/** A node while its graph is built: the build links it and rolls its subtree up. */
export type UnlinkedNode = { -readonly [K in keyof ExecutionNode]: ExecutionNode[K] };

/** Shared by every leaf (the node fields are readonly once built). */
export const NO_CHILDREN = Object.freeze([]) as unknown as ExecutionNode[];
const NO_TOOL_CALLS: readonly ToolCallRecord[] = Object.freeze([]);

/**
 * The calls a graph build places: the first event of each id, each already made into its node
 * as a leaf (no children; its roll-ups its own values), which the build then links. An event is
 * made into a node as it is added and can go at once: a reader that hands events over one by
 * one (the CLI) never holds them, and a large log is in memory once, as its nodes.
 *
 * @example
 * ```ts
 * const table = new CallTable();
 * for (const event of events) if (table.add(event) !== undefined) refused++;
 * const graphs = buildGraphsFromTable(table, (anomaly) => counts[anomaly]++);
 * ```
 */
export class CallTable {
  /** The calls' nodes, in the order they were added. */
  readonly nodes: UnlinkedNode[] = [];
  /** The kept events themselves, when asked for (`keepEvents`); else empty. */
  readonly events: LlmEvent[] = [];
  readonly #keepEvents: boolean;
  readonly #indexOf = new Map<string, number>();
  /** The calls whose line says `sampled_out: true` (few: errors kept although sampled out). */
  readonly #sampledOut = new Set<number>();

  /** `keepEvents`: hold each kept event too, in `events` (by index). */
  constructor(keepEvents = false) {
    this.#keepEvents = keepEvents;
  }

  /** The index of the call with this id, if kept. */
  indexOf(eventId: string): number | undefined {
    return this.#indexOf.get(eventId);
  }

  /** Whether the line of the call at `index` says `sampled_out: true`. */
  isSampledOut(index: number): boolean {
    return this.#sampledOut.has(index);
  }

  /**
   * Keeps `event` unless it cannot be placed (no string `eventId` and `correlationId`: `invalid`)
   * or its id was kept before (`duplicate`: the first one wins); says which when refused.
   */
  add(event: LlmEvent): RefusedCall | undefined {
    if (
      typeof event !== 'object' ||
      event === null ||
      typeof event.eventId !== 'string' ||
      typeof event.correlationId !== 'string'
    ) {
      return 'invalid';
    }
    if (this.#indexOf.has(event.eventId)) return 'duplicate';
    const index = this.nodes.length;
    this.#indexOf.set(event.eventId, index);
    if (event.sampledOut === true) this.#sampledOut.add(index);
    if (this.#keepEvents) this.events.push(event);
    const startTime = event.time - event.latencyMs;
    const totalTokens = totalTokensOf(event);
    this.nodes.push({
      eventId: event.eventId,
      parentRequestId: event.parentRequestId,
      correlationId: event.correlationId,
      model: event.model,
      provider: event.provider,
      status: event.status,
      section: event.section,
      sessionId: event.sessionId,
      userId: event.userId,
      feature: event.feature,
      environment: event.environment,
      samplingIteration: event.samplingIteration,
      tags: event.tags,
      startTime,
      endTime: event.time,
      cost: event.cost,
      latencyMs: event.latencyMs,
      inputTokens: event.inputTokens,
      outputTokens: event.outputTokens,
      totalTokens,
      toolCalls: event.toolCalls?.length ? parseToolCalls(event.toolCalls) : NO_TOOL_CALLS,
      children: NO_CHILDREN,
      subtreeCost: event.cost,
      subtreeLatencyMs: event.latencyMs,
      subtreeTokens: totalTokens,
      subtreeWallClockMs: asSmallInteger(event.time - startTime),
    });
    return undefined;
  }
}
