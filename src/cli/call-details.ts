import type { LlmEvent } from '../events/schema.js';
import type { LineFieldName } from '../fields/line-fields.js';
import type { ExecutionNode } from '../graph/execution-graph.js';

/**
 * The whole event of each call, for the outputs that show more than the graph keeps (the HTML
 * report's details, the OTLP spans' attributes): by correlation and event id, the first event
 * of an id wins (as in the graph, where a later duplicate is left out).
 */
export class CallDetails {
  readonly #events = new Map<string, LlmEvent>();

  add(event: LlmEvent): void {
    const key = `${event.correlationId}\n${event.eventId}`;
    if (!this.#events.has(key)) this.#events.set(key, event);
  }

  get(correlationId: string, eventId: string): LlmEvent | undefined {
    return this.#events.get(`${correlationId}\n${eventId}`);
  }
}

/**
 * One field of a call, for the outputs that show them all: the graph node's value where the
 * node keeps the field (its `totalTokens` is the computed one), else the whole event's (tool
 * calls are the event's text, not the node's parsed records).
 */
export function callField(
  node: ExecutionNode,
  event: LlmEvent | undefined,
  name: LineFieldName,
): unknown {
  return name !== 'toolCalls' && name in node ? node[name as keyof ExecutionNode] : event?.[name];
}
