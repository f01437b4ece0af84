import type { LlmEvent } from '../events/schema.js';

/**
 * The events the CLI keeps for the graph build. They come from the readers' records (a
 * `RecordReader`), so each is already small: the fields the output needs in one shape, its
 * repeated strings (correlation ids, models, providers) shared with the other events.
 *
 * @example
 * ```ts
 * const keeper = new EventKeeper();
 * keeper.keep(event);
 * const graphs = buildExecutionGraphs(keeper.drain());
 * ```
 */
export class EventKeeper {
  events: LlmEvent[] = [];

  keep(event: LlmEvent): void {
    this.events.push(event);
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
