import type { LlmEvent } from '../../events/schema.js';
import type { FieldKind } from '../../fields/field.js';
import type { LineField, LineFieldName } from '../../fields/line-fields.js';
import { type EventFieldSelection, fieldsReadWith } from '../../graph/parse-log-line.js';

/**
 * How a field's value is stored in a column: a number (`Float64Array`), a string (an index into
 * the string table), a boolean (0 or 1 in the number column) or a structured value (its JSON in
 * the string table).
 */
type Column = 'number' | 'string' | 'flag' | 'json';

const COLUMN_OF: Record<FieldKind, Column> = {
  id: 'string',
  text: 'string',
  path: 'string',
  enum: 'string',
  content: 'string',
  count: 'number',
  ordinal: 'number',
  money: 'number',
  duration: 'number',
  ratio: 'number',
  time: 'number',
  version: 'number',
  flag: 'flag',
  error: 'json',
  list: 'json',
  map: 'json',
};

/** The kinds of string whose values repeat from call to call. */
const SHARED_KINDS: ReadonlySet<FieldKind> = new Set(['text', 'path', 'enum']);

/** Whether an event has a field: not at all (the key is not set), as `undefined`, or a value. */
const NOT_SET = 0;
const UNDEFINED = 1;
const VALUE = 2;
/** A string with a lone surrogate (UTF-8 cannot carry it), stored as its JSON. */
const ESCAPED = 3;

const LONE_SURROGATE = /\p{Surrogate}/u;

interface Slot {
  readonly name: LineFieldName;
  readonly column: Column;
  /** Its place among the number columns, or among the string columns. */
  readonly index: number;
  /**
   * Whether its strings are stored once each: values of a few kinds (models, providers, statuses,
   * section paths, `[]`), not ids (looking each up would cost more than it saves).
   */
  readonly shared: boolean;
}

/**
 * Where each field an event may carry goes in a record, derived from the field registry (through
 * the parser's `fieldsReadWith`): one state byte per field, one number per numeric field, one
 * string-table index per string or structured field.
 */
export class RecordLayout {
  readonly slots: readonly Slot[];
  readonly numbers: number;
  readonly strings: number;

  constructor(keep: EventFieldSelection | undefined) {
    let numbers = 0;
    let strings = 0;
    this.slots = fieldsReadWith(keep).map((field: LineField): Slot => {
      const column = COLUMN_OF[field.spec.kind];
      const numeric = column === 'number' || column === 'flag';
      const shared =
        column === 'json' || (column === 'string' && SHARED_KINDS.has(field.spec.kind));
      return { name: field.name, column, index: numeric ? numbers++ : strings++, shared };
    });
    this.numbers = numbers;
    this.strings = strings;
  }
}

/** The events of one piece of input, in columns: what a reading worker sends back. */
export interface Records {
  readonly count: number;
  readonly states: Uint8Array;
  readonly numbers: Float64Array;
  readonly strings: Uint32Array;
  /** The string table: the strings' UTF-8 bytes one after the other, and where each ends. */
  readonly text: Uint8Array;
  readonly ends: Uint32Array;
}

/** The buffers of `records`, to transfer rather than copy between threads. */
export const transferables = (records: Records): ArrayBuffer[] => [
  records.states.buffer as ArrayBuffer,
  records.numbers.buffer as ArrayBuffer,
  records.strings.buffer as ArrayBuffer,
  records.text.buffer as ArrayBuffer,
  records.ends.buffer as ArrayBuffer,
];

const grown = <T extends Uint8Array | Float64Array | Uint32Array>(array: T, size: number): T => {
  if (array.length >= size) return array;
  const larger = new (array.constructor as new (length: number) => T)(
    Math.max(size, array.length * 2),
  );
  larger.set(array);
  return larger;
};

/**
 * Writes events into columns, one after the other; a string that repeats (a model, a provider)
 * is stored once.
 *
 * @example
 * ```ts
 * const writer = new RecordWriter(new RecordLayout(keep));
 * writer.add(event);
 * const records = writer.finish();
 * ```
 */
export class RecordWriter {
  readonly #layout: RecordLayout;
  #count = 0;
  #states = new Uint8Array(0);
  #numbers = new Float64Array(0);
  #strings = new Uint32Array(0);
  #text = Buffer.alloc(0);
  #textBytes = 0;
  #ends = new Uint32Array(0);
  #tableSize = 0;
  readonly #indexes = new Map<string, number>();

  constructor(layout: RecordLayout) {
    this.#layout = layout;
  }

  add(event: LlmEvent): void {
    const layout = this.#layout;
    const n = this.#count++;
    this.#states = grown(this.#states, (n + 1) * layout.slots.length);
    this.#numbers = grown(this.#numbers, (n + 1) * layout.numbers);
    this.#strings = grown(this.#strings, (n + 1) * layout.strings);
    const record = event as unknown as Record<string, unknown>;
    let state = n * layout.slots.length;
    for (const slot of layout.slots) {
      const value = record[slot.name];
      if (value === undefined) {
        this.#states[state++] = Object.hasOwn(record, slot.name) ? UNDEFINED : NOT_SET;
        continue;
      }
      const escaped = slot.column === 'string' && LONE_SURROGATE.test(value as string);
      this.#states[state++] = escaped ? ESCAPED : VALUE;
      if (slot.column === 'number')
        this.#numbers[n * layout.numbers + slot.index] = value as number;
      else if (slot.column === 'flag')
        this.#numbers[n * layout.numbers + slot.index] = value ? 1 : 0;
      else {
        const text = slot.column === 'json' || escaped ? JSON.stringify(value) : (value as string);
        this.#strings[n * layout.strings + slot.index] = slot.shared
          ? this.#intern(text)
          : this.#store(text);
      }
    }
  }

  /** The records written, trimmed to their size. */
  finish(): Records {
    const layout = this.#layout;
    const count = this.#count;
    return {
      count,
      states: this.#states.slice(0, count * layout.slots.length),
      numbers: this.#numbers.slice(0, count * layout.numbers),
      strings: this.#strings.slice(0, count * layout.strings),
      text: this.#text.subarray(0, this.#textBytes),
      ends: this.#ends.slice(0, this.#tableSize),
    };
  }

  #intern(text: string): number {
    let index = this.#indexes.get(text);
    if (index === undefined) {
      index = this.#store(text);
      this.#indexes.set(text, index);
    }
    return index;
  }

  /** Appends `text` to the string table; returns its index. */
  #store(text: string): number {
    const most = this.#textBytes + text.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (most > this.#text.length) {
      // never from the shared pool: a pooled buffer cannot be transferred (Node 22 refuses it)
      const larger = Buffer.allocUnsafeSlow(Math.max(most, this.#text.length * 2));
      this.#text.copy(larger, 0, 0, this.#textBytes);
      this.#text = larger;
    }
    this.#textBytes += this.#text.write(text, this.#textBytes);
    const index = this.#tableSize++;
    this.#ends = grown(this.#ends, this.#tableSize);
    this.#ends[index] = this.#textBytes;
    return index;
  }
}

/**
 * Hands each record back as the `LlmEvent` it was written from: the same fields, in the same
 * order, a field read as `undefined` still present.
 *
 * @example
 * ```ts
 * readRecords(records, new RecordLayout(keep), (event) => keeper.keep(event));
 * ```
 */
export function readRecords(
  records: Records,
  layout: RecordLayout,
  onEvent: (event: LlmEvent) => void,
): void {
  const { states, numbers, strings, ends } = records;
  const text = Buffer.from(records.text.buffer, records.text.byteOffset, records.text.byteLength);
  const shared = new Map<number, string>();
  const stringAt = (index: number) =>
    text.toString('utf8', index === 0 ? 0 : (ends[index - 1] as number), ends[index]);
  let state = 0;
  for (let n = 0; n < records.count; n++) {
    const event: Record<string, unknown> = {};
    for (const slot of layout.slots) {
      const has = states[state++];
      if (has === NOT_SET) continue;
      if (has === UNDEFINED) {
        event[slot.name] = undefined;
        continue;
      }
      if (slot.column === 'number') event[slot.name] = numbers[n * layout.numbers + slot.index];
      else if (slot.column === 'flag')
        event[slot.name] = numbers[n * layout.numbers + slot.index] === 1;
      else {
        const index = strings[n * layout.strings + slot.index] as number;
        let value = slot.shared ? shared.get(index) : undefined;
        if (value === undefined) {
          value = stringAt(index);
          if (slot.shared) shared.set(index, value);
        }
        event[slot.name] = slot.column === 'json' || has === ESCAPED ? JSON.parse(value) : value;
      }
    }
    onEvent(event as unknown as LlmEvent);
  }
}
