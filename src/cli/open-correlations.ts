import type { LlmEvent } from '../events/schema.js';

interface OpenCorrelation {
  readonly events: LlmEvent[];
  /** When its last event arrived (the reader's clock). */
  lastArrival: number;
  /** The latest end time among its events (the log's clock). */
  lastTime: number;
}

/**
 * The correlations `--follow` has seen and not printed yet, and nothing else: the memory it
 * holds is bounded by the open correlations, not by the length of the log.
 *
 * A correlation is idle, and handed back by `closeIdle`, when no event of it has arrived for
 * `idleMs` by the reader's clock, or when the log has moved on by `idleMs`: an event of another
 * correlation ended `idleMs` after its last one (so a log replayed faster than it was written,
 * `cat old.log | leanllm-logs -F`, is printed as it goes rather than held). Correlations are
 * kept in the order their last event arrived, and closed in that order.
 *
 * @example
 * ```ts
 * const open = new OpenCorrelations(5000);
 * open.add(event, Date.now());
 * for (const events of open.closeIdle(Date.now())) print(buildExecutionGraphs(events));
 * ```
 */
export class OpenCorrelations {
  readonly #idleMs: number;
  readonly #open = new Map<string, OpenCorrelation>();
  /** The latest end time of any event seen. */
  #watermark = Number.NEGATIVE_INFINITY;

  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  /** How many correlations are open. */
  get size(): number {
    return this.#open.size;
  }

  add(event: LlmEvent, now: number): void {
    const id = event.correlationId;
    let open = this.#open.get(id);
    if (open === undefined) open = { events: [], lastArrival: now, lastTime: event.time };
    else this.#open.delete(id); // re-inserted last: the map stays in arrival order
    open.events.push(event);
    open.lastArrival = now;
    if (event.time > open.lastTime) open.lastTime = event.time;
    if (event.time > this.#watermark) this.#watermark = event.time;
    this.#open.set(id, open);
  }

  /** Takes out the idle correlations (oldest arrival first): each one's events. */
  closeIdle(now: number): LlmEvent[][] {
    const closed: LlmEvent[][] = [];
    for (const [id, open] of this.#open) {
      const idle =
        now - open.lastArrival >= this.#idleMs || this.#watermark - open.lastTime >= this.#idleMs;
      if (!idle) break;
      this.#open.delete(id);
      closed.push(open.events);
    }
    return closed;
  }

  /** Takes out every open correlation (at the end of the input, or on Ctrl-C). */
  closeAll(): LlmEvent[][] {
    const closed = [...this.#open.values()].map((open) => open.events);
    this.#open.clear();
    return closed;
  }
}
