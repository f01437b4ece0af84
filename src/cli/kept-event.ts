import type { LlmEvent, ToolCall } from '../events/schema.js';
import { lineContextOf } from '../graph/line-context.js';

/** One array for every event without tool calls (never written to). */
const NO_TOOL_CALLS = Object.freeze([]) as unknown as ToolCall[];

/**
 * What the CLI keeps of each event: the fields the graphs and the outputs need, in one object
 * of one shape (so that 200,000 of them stay small and fast to read), with the correlation id
 * shared by every event of a correlation.
 */
export class EventKeeper {
  events: LlmEvent[] = [];
  readonly #correlationIds = new Map<string, string>();

  keep(event: LlmEvent): void {
    let correlationId = this.#correlationIds.get(event.correlationId);
    if (correlationId === undefined) {
      correlationId = event.correlationId;
      this.#correlationIds.set(correlationId, correlationId);
    }
    this.events.push({
      eventVersion: event.eventVersion,
      eventId: event.eventId,
      correlationId,
      parentRequestId: event.parentRequestId,
      sampledOut: event.sampledOut,
      time: event.time,
      model: event.model,
      provider: event.provider,
      status: event.status,
      section: event.section,
      // The line's context (read for --format json only, else undefined): nodes carry it.
      ...lineContextOf(event),
      inputTokens: event.inputTokens,
      outputTokens: event.outputTokens,
      totalTokens: event.totalTokens,
      cost: event.cost,
      latencyMs: event.latencyMs,
      toolCalls: event.toolCalls.length === 0 ? NO_TOOL_CALLS : event.toolCalls,
    });
  }

  /**
   * Hands the events over one by one, letting go of each: once the graph build has made a
   * call's node, nothing holds its event any more, so the events and the nodes are not both in
   * memory in full.
   */
  *drain(): Generator<LlmEvent> {
    const events = this.events;
    this.events = [];
    for (let i = 0; i < events.length; i++) {
      yield events[i] as LlmEvent;
      events[i] = undefined as unknown as LlmEvent;
    }
  }
}
