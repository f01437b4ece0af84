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

/** Whether an event has a field: not at all (the key is not set), as `undefined`, or a value. */
const NOT_SET = 0;
const UNDEFINED = 1;
const VALUE = 2;

interface Slot {
  readonly name: LineFieldName;
  readonly column: Column;
  /** Its place among the number columns, or among the string columns. */
  readonly index: number;
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
      return { name: field.name, column, index: numeric ? numbers++ : strings++ };
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
  /** Every distinct string of the records, once. */
  readonly table: string[];
}

/** The buffers of `records`, to transfer rather than copy between threads. */
export const transferables = (records: Records): ArrayBuffer[] => [
  records.states.buffer as ArrayBuffer,
  records.numbers.buffer as ArrayBuffer,
  records.strings.buffer as ArrayBuffer,
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
 * Writes events into columns, one after the other; the same string (a correlation id, a model)
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
  readonly #table: string[] = [];
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
      this.#states[state++] = VALUE;
      if (slot.column === 'number')
        this.#numbers[n * layout.numbers + slot.index] = value as number;
      else if (slot.column === 'flag')
        this.#numbers[n * layout.numbers + slot.index] = value ? 1 : 0;
      else {
        const text = slot.column === 'json' ? JSON.stringify(value) : (value as string);
        this.#strings[n * layout.strings + slot.index] = this.#intern(text);
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
      table: this.#table,
    };
  }

  #intern(text: string): number {
    let index = this.#indexes.get(text);
    if (index === undefined) {
      index = this.#table.length;
      this.#table.push(text);
      this.#indexes.set(text, index);
    }
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
  const { states, numbers, strings, table } = records;
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
        const text = table[strings[n * layout.strings + slot.index] as number] as string;
        event[slot.name] = slot.column === 'json' ? JSON.parse(text) : text;
      }
    }
    onEvent(event as unknown as LlmEvent);
  }
}
