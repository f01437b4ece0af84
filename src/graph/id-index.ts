import { fnv1a } from '../util/fnv1a.js';

/**
 * The hash an `IdIndex` files an id under: its FNV-1a.
 *
 * @example
 * ```ts
 * hashOfId('call-1') === fnv1a('call-1'); // true
 * ```
 */
export const hashOfId: (id: string) => number = fnv1a;

/** An id whose slot is not found within this many steps of its hash's goes to a `Map` instead. */
const MAX_PROBES = 32;
/** The table at first: slots for this many ids (it doubles when half full). */
const FIRST_SLOTS = 64;

/**
 * Where each id is among a table's calls: a hash table in one `Int32Array` (per slot, the id's
 * hash and its index plus one), where looking an id up reads one slot most of the time, and the
 * id itself only when the hashes match. The ids are the table's own (`idAt` gives the id of an
 * index), so the index holds no string. Ids made to collide (the hash is not a secret) cannot
 * make it slow: an id whose slot is not within `MAX_PROBES` steps of its hash's is kept in a
 * `Map` by its string.
 *
 * @example
 * ```ts
 * const ids = ['a', 'b'];
 * const index = new IdIndex((at) => ids[at] as string);
 * index.insert('a', hashOfId('a'), 0);
 * index.find('a', hashOfId('a')); // 0
 * index.find('b', hashOfId('b')); // -1
 * ```
 */
export class IdIndex {
  readonly #idAt: (index: number) => string;
  #slots = new Int32Array(FIRST_SLOTS * 2);
  #mask = FIRST_SLOTS - 1;
  #size = 0;
  #overflow: Map<string, number> | undefined;

  constructor(idAt: (index: number) => string) {
    this.#idAt = idAt;
  }

  /** The index of `id` (whose hash is `hash`), or -1 when it has none. */
  find(id: string, hash: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = hash & mask;
    for (let probe = 0; probe < MAX_PROBES; probe++) {
      const stored = slots[slot * 2 + 1] as number;
      if (stored === 0) break;
      if (slots[slot * 2] === hash && this.#idAt(stored - 1) === id) return stored - 1;
      slot = (slot + 1) & mask;
    }
    return this.#overflow?.get(id) ?? -1;
  }

  /** Files `id` (whose hash is `hash`, and which has no index yet) under `index`. */
  insert(id: string, hash: number, index: number): void {
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#grow();
    this.#size++;
    this.#place(id, hash, index);
  }

  /** Files an index in the first free slot from its hash's, or in the `Map` (`id` is looked up when not given). */
  #place(id: string | undefined, hash: number, index: number): void {
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = hash & mask;
    for (let probe = 0; probe < MAX_PROBES; probe++) {
      if (slots[slot * 2 + 1] === 0) {
        slots[slot * 2] = hash;
        slots[slot * 2 + 1] = index + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.#overflow ??= new Map();
    this.#overflow.set(id ?? this.#idAt(index), index);
  }

  /** Twice the slots: the ids in slots are filed again (those in the `Map` stay there). */
  #grow(): void {
    const old = this.#slots;
    this.#slots = new Int32Array(old.length * 2);
    this.#mask = old.length - 1;
    for (let slot = 0; slot < old.length; slot += 2) {
      const stored = old[slot + 1] as number;
      if (stored !== 0) this.#place(undefined, old[slot] as number, stored - 1);
    }
  }
}
