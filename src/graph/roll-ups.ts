import { asSmallInteger } from '../util/small-integer.js';
import { addKnown } from './execution-graph.js';

const COST_KNOWN = 1;
const TOKENS_KNOWN = 2;

/**
 * Sums over groups of calls, one entry per group (a call's subtree, a graph), in typed arrays:
 * the cost and the tokens over the known values (`undefined` when none is known, as `addKnown`
 * adds), the latencies, and the span from the first start to the last end. An entry is set to
 * its first values, then other entries are added into it, in order.
 *
 * @example
 * ```ts
 * const subtrees = new RollUps(calls);
 * subtrees.set(parent, cost, tokens, latencyMs, start, end);
 * subtrees.add(parent, subtrees, child); // the child's subtree, rolled up before
 * subtrees.cost(parent);
 * ```
 */
export class RollUps {
  /** Each entry's first start and last end (ms since the epoch). */
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly #cost: Float64Array;
  readonly #tokens: Float64Array;
  readonly #latencyMs: Float64Array;
  /** Per entry: `COST_KNOWN` when its cost is known, `TOKENS_KNOWN` its tokens. */
  readonly #known: Uint8Array;

  constructor(entries: number) {
    this.start = new Float64Array(entries);
    this.end = new Float64Array(entries);
    this.#cost = new Float64Array(entries);
    this.#tokens = new Float64Array(entries);
    this.#latencyMs = new Float64Array(entries);
    this.#known = new Uint8Array(entries);
  }

  /** The known costs of entry `i`, summed; `undefined` when none is known. */
  cost(i: number): number | undefined {
    return ((this.#known[i] as number) & COST_KNOWN) === 0 ? undefined : this.#cost[i];
  }

  /** The known token counts of entry `i`, summed; `undefined` when none is known. */
  tokens(i: number): number | undefined {
    return ((this.#known[i] as number) & TOKENS_KNOWN) === 0 ? undefined : this.#tokens[i];
  }

  /** The latencies of entry `i`, summed. */
  latencyMs(i: number): number {
    return asSmallInteger(this.#latencyMs[i] as number);
  }

  /** Sets entry `i`. */
  set(
    i: number,
    cost: number | undefined,
    tokens: number | undefined,
    latencyMs: number,
    start: number,
    end: number,
  ): void {
    this.#known[i] =
      (cost === undefined ? 0 : COST_KNOWN) | (tokens === undefined ? 0 : TOKENS_KNOWN);
    this.#cost[i] = cost ?? 0;
    this.#tokens[i] = tokens ?? 0;
    this.#latencyMs[i] = latencyMs;
    this.start[i] = start;
    this.end[i] = end;
  }

  /** Adds entry `j` of `from` into entry `i`. */
  add(i: number, from: RollUps, j: number): void {
    this.set(
      i,
      addKnown(this.cost(i), from.cost(j)),
      addKnown(this.tokens(i), from.tokens(j)),
      (this.#latencyMs[i] as number) + (from.#latencyMs[j] as number),
      Math.min(this.start[i] as number, from.start[j] as number),
      Math.max(this.end[i] as number, from.end[j] as number),
    );
  }
}
