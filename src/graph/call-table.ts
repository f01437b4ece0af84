import type { LlmEvent } from '../events/schema.js';
import { hashOfId, IdIndex } from './id-index.js';
import { totalTokensOf } from './total-tokens.js';

/** What `CallTable.add` says of an event it did not keep (the graph anomalies of that name). */
export type RefusedCall = 'duplicate' | 'invalid';

/**
 * Calls per block. A block's column (128 KiB) is a large object to V8: it is never copied by
 * the young-generation collector, as a smaller array holding long-lived values would be, twice.
 */
export const CALL_BLOCK_BITS = 14;
export const CALL_BLOCK_SIZE = 1 << CALL_BLOCK_BITS;
export const CALL_BLOCK_MASK = CALL_BLOCK_SIZE - 1;

/**
 * The columns of `CALL_BLOCK_SIZE` calls, one per field a node is made of (`totalTokens` as the
 * node has it: the line's, else input plus output). Call `index` of a table is at position
 * `index & CALL_BLOCK_MASK` of `table.blocks[index >>> CALL_BLOCK_BITS]`. Blocks of a fixed
 * size: growing one array per column would leave a copy of each behind at every doubling. The
 * columns of the fields most lines leave out (the context's, tool calls) are made with their
 * first value: a block without one has none.
 */
export interface CallBlock {
  /** How many calls the block has room for. */
  readonly size: number;
  readonly eventId: string[];
  /** The parent's id; once the parent is found, the parent's own `eventId` string (one string per id). */
  readonly parentRequestId: (string | undefined)[];
  /**
   * The parent's index when it was kept before the call, in the same correlation (`NO_PARENT`
   * otherwise: no parent, one not kept yet, or one in another correlation).
   */
  readonly parent: Int32Array;
  readonly correlationId: string[];
  readonly model: string[];
  readonly provider: string[];
  readonly status: LlmEvent['status'][];
  section: (string | undefined)[] | undefined;
  sessionId: (string | undefined)[] | undefined;
  userId: (string | undefined)[] | undefined;
  feature: (string | undefined)[] | undefined;
  environment: (string | undefined)[] | undefined;
  samplingIteration: (number | undefined)[] | undefined;
  tags: (Readonly<Record<string, string>> | undefined)[] | undefined;
  /** Numbers that are never small integers sit unboxed in typed arrays, not as heap numbers. */
  readonly time: Float64Array;
  readonly latencyMs: number[];
  /** Read through `costAt`: a cost is known where `costKnown` is 1. */
  readonly cost: Float64Array;
  readonly costKnown: Uint8Array;
  readonly inputTokens: (number | undefined)[];
  readonly outputTokens: (number | undefined)[];
  readonly totalTokens: (number | undefined)[];
  toolCalls: (LlmEvent['toolCalls'] | undefined)[] | undefined;
}

/** What a call's `parent` column holds when its parent was not found as it was added. */
export const NO_PARENT = -1;

/** A table's first block holds this many calls at first (a small build makes no large block). */
const FIRST_BLOCK_SIZE = 32;

/** An empty block of `size` calls, every column made at that size, or `from` copied into it. */
function newBlock(size: number, from?: CallBlock): CallBlock {
  const column = <T>(old: readonly T[] = []): T[] => {
    const values = new Array<T>(size); // made at its size: holey, but never slow elements
    for (let i = 0; i < old.length; i++) values[i] = old[i] as T;
    return values;
  };
  const sometimes = <T>(old: readonly T[] | undefined): T[] | undefined =>
    old === undefined ? undefined : column(old);
  const typed = <T extends Float64Array | Int32Array | Uint8Array>(
    made: T,
    old: T | undefined,
  ): T => {
    if (old !== undefined) made.set(old);
    return made;
  };
  return {
    size,
    eventId: column(from?.eventId),
    parentRequestId: column(from?.parentRequestId),
    parent: typed(new Int32Array(size).fill(NO_PARENT), from?.parent),
    correlationId: column(from?.correlationId),
    model: column(from?.model),
    provider: column(from?.provider),
    status: column(from?.status),
    section: sometimes(from?.section),
    sessionId: sometimes(from?.sessionId),
    userId: sometimes(from?.userId),
    feature: sometimes(from?.feature),
    environment: sometimes(from?.environment),
    samplingIteration: sometimes(from?.samplingIteration),
    tags: sometimes(from?.tags),
    time: typed(new Float64Array(size), from?.time),
    latencyMs: column(from?.latencyMs),
    cost: typed(new Float64Array(size), from?.cost),
    costKnown: typed(new Uint8Array(size), from?.costKnown),
    inputTokens: column(from?.inputTokens),
    outputTokens: column(from?.outputTokens),
    totalTokens: column(from?.totalTokens),
    toolCalls: sometimes(from?.toolCalls),
  };
}

/** The cost of the call at `at` of `block`; `undefined` when unknown. */
export const costAt = (block: CallBlock, at: number): number | undefined =>
  block.costKnown[at] === 1 ? block.cost[at] : undefined;

/** The columns made with their first value. */
type SometimesColumn =
  | 'section'
  | 'sessionId'
  | 'userId'
  | 'feature'
  | 'environment'
  | 'samplingIteration'
  | 'tags'
  | 'toolCalls';

/** Makes `block`'s column `name`, at the block's size, and gives it. */
function madeColumn<Name extends SometimesColumn>(
  block: CallBlock,
  name: Name,
): NonNullable<CallBlock[Name]> {
  const column = new Array(block.size) as NonNullable<CallBlock[Name]>;
  block[name] = column;
  return column;
}

/**
 * The calls a graph build places: the first event of each id, as columns of the fields a node
 * is made of. An event is copied in and can go at once, so a reader that hands events over one
 * by one (the CLI) never holds them, and no node is made until one is asked for.
 *
 * @example
 * ```ts
 * const table = new CallTable();
 * for (const event of events) if (table.add(event) !== undefined) refused++;
 * const graphs = buildGraphsFromTable(table, (anomaly) => counts[anomaly]++);
 * ```
 */
export class CallTable {
  readonly blocks: CallBlock[] = [];
  /** The kept events themselves, when asked for (`keepEvents`); else empty. */
  readonly events: LlmEvent[] = [];
  readonly #keepEvents: boolean;
  /** Each kept id's index, until the table is sealed. */
  #index: IdIndex | undefined = new IdIndex(
    (index) => this.blockOf(index).eventId[index & CALL_BLOCK_MASK] as string,
  );
  /** The calls whose line says `sampled_out: true` (few: errors kept although sampled out). */
  readonly #sampledOut = new Set<number>();
  #size = 0;
  /** How many calls the blocks have room for. */
  #room = 0;

  /** `keepEvents`: hold each kept event too, in `events` (by index). */
  constructor(keepEvents = false) {
    this.#keepEvents = keepEvents;
  }

  /** How many calls are kept. */
  get size(): number {
    return this.#size;
  }

  /** The block holding call `index`. */
  blockOf(index: number): CallBlock {
    return this.blocks[index >>> CALL_BLOCK_BITS] as CallBlock;
  }

  /** The index of the call with this id, if kept. */
  indexOf(eventId: string): number | undefined {
    const index = this.#index?.find(eventId, hashOfId(eventId)) ?? -1;
    return index === -1 ? undefined : index;
  }

  /**
   * Ends the adding, once the calls are linked: the id index is let go of (200,000 calls hold
   * 4 MB in it), `indexOf` finds nothing any more, and `add` throws.
   */
  seal(): void {
    this.#index = undefined;
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
    const ids = this.#index;
    if (ids === undefined) throw new Error('CallTable: the table is sealed, its calls are linked');
    const hash = hashOfId(event.eventId);
    if (ids.find(event.eventId, hash) !== -1) return 'duplicate';
    const index = this.#size++;
    if (event.sampledOut === true) this.#sampledOut.add(index);
    if (this.#keepEvents) this.events.push(event);
    if (index === this.#room) this.#grow();
    const at = index & CALL_BLOCK_MASK;
    const block = this.blocks[index >>> CALL_BLOCK_BITS] as CallBlock;
    block.eventId[at] = event.eventId;
    block.correlationId[at] = event.correlationId;
    block.parentRequestId[at] = event.parentRequestId;
    // most parents are logged before their children: linked now, the build looks up the others
    // (the call's own id is not kept yet, so a call that is its own parent is left to the build)
    this.linkParent(index);
    ids.insert(event.eventId, hash, index);
    block.model[at] = event.model;
    block.provider[at] = event.provider;
    block.status[at] = event.status;
    if (event.section !== undefined)
      (block.section ?? madeColumn(block, 'section'))[at] = event.section;
    if (event.sessionId !== undefined)
      (block.sessionId ?? madeColumn(block, 'sessionId'))[at] = event.sessionId;
    if (event.userId !== undefined)
      (block.userId ?? madeColumn(block, 'userId'))[at] = event.userId;
    if (event.feature !== undefined)
      (block.feature ?? madeColumn(block, 'feature'))[at] = event.feature;
    if (event.environment !== undefined)
      (block.environment ?? madeColumn(block, 'environment'))[at] = event.environment;
    if (event.samplingIteration !== undefined)
      (block.samplingIteration ?? madeColumn(block, 'samplingIteration'))[at] =
        event.samplingIteration;
    if (event.tags !== undefined) (block.tags ?? madeColumn(block, 'tags'))[at] = event.tags;
    block.time[at] = event.time;
    block.latencyMs[at] = event.latencyMs;
    if (event.cost !== undefined) {
      block.cost[at] = event.cost;
      block.costKnown[at] = 1;
    }
    block.inputTokens[at] = event.inputTokens;
    block.outputTokens[at] = event.outputTokens;
    block.totalTokens[at] = totalTokensOf(event);
    if (event.toolCalls?.length)
      (block.toolCalls ?? madeColumn(block, 'toolCalls'))[at] = event.toolCalls;
    return undefined;
  }

  /**
   * Links call `index` to its parent if the parent is kept, in the same correlation: notes it in
   * the `parent` column, and the child's `parentRequestId` becomes the parent's own id string
   * (one string per id is kept, not two). The parent's index, or `NO_PARENT`.
   */
  linkParent(index: number): number {
    const block = this.blockOf(index);
    const at = index & CALL_BLOCK_MASK;
    const parentId = block.parentRequestId[at];
    if (parentId === undefined || this.#index === undefined) return NO_PARENT;
    const parent = this.#index.find(parentId, hashOfId(parentId));
    if (parent === -1) return NO_PARENT;
    const parentBlock = this.blockOf(parent);
    const parentAt = parent & CALL_BLOCK_MASK;
    if (parentBlock.correlationId[parentAt] !== block.correlationId[at]) return NO_PARENT;
    block.parent[at] = parent;
    block.parentRequestId[at] = parentBlock.eventId[parentAt];
    return parent;
  }

  /** Room for more calls: the first block grows four times over up to the full size, then a block is added. */
  #grow(): void {
    const first = this.blocks[0];
    if (first === undefined) {
      this.#room = FIRST_BLOCK_SIZE;
      this.blocks.push(newBlock(this.#room));
    } else if (this.#room < CALL_BLOCK_SIZE) {
      this.#room = Math.min(this.#room * 4, CALL_BLOCK_SIZE);
      this.blocks[0] = newBlock(this.#room, first);
    } else {
      this.#room += CALL_BLOCK_SIZE;
      this.blocks.push(newBlock(CALL_BLOCK_SIZE));
    }
  }
}
