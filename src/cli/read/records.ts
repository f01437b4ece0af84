import { isAscii } from 'node:buffer';
import type { LlmEvent } from '../../events/schema.js';
import type { FieldKind } from '../../fields/field.js';
import type { LineField, LineFieldName } from '../../fields/line-fields.js';
import { type EventFieldSelection, fieldsReadWith, LEFT_OUT } from '../../graph/parse-log-line.js';
import { asSmallInteger } from '../../util/small-integer.js';

/**
 * How a field's value is stored in a column: a number (`Float64Array`), a string (an index into
 * a string table), a boolean (0 or 1 in the number column) or a structured value (its JSON in
 * the shared string table).
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
/** Ids that repeat too: every call of a correlation carries its id. */
const SHARED_IDS: ReadonlySet<LineFieldName> = new Set(['correlationId']);

/** Whether an event has a field: not at all (the key is not set), as `undefined`, or a value. */
const NOT_SET = 0;
const UNDEFINED = 1;
const VALUE = 2;
/** A string with a lone surrogate (UTF-8 cannot carry it), stored as its JSON. */
const ESCAPED = 3;

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Past this many shared strings, the table starts afresh with the next batch. */
const MAX_SHARED = 4096;

/** Every event without tool calls shares it (it cannot be changed). */
const EMPTY_LIST: readonly never[] = Object.freeze([]);

/** Where one field an event may carry goes in a record. */
export interface Slot {
  readonly name: LineFieldName;
  readonly column: Column;
  /** Its place among the number columns, or among the string columns. */
  readonly index: number;
  /**
   * Whether its strings are stored once each, in the shared table: values of a few kinds
   * (models, providers, statuses, section paths, correlation ids, JSON such as `[]`), not event
   * ids (looking each up would cost more than it saves).
   */
  readonly shared: boolean;
}

/**
 * Where each field an event may carry goes in a record, derived from the field registry (through
 * the parser's `fieldsReadWith`): one state byte per field, one number per numeric field, one
 * string-table index per string or structured field.
 *
 * @example
 * ```ts
 * const layout = new RecordLayout(new Set(['cost']));
 * layout.slots.map((slot) => slot.name); // ['eventVersion', 'eventId', ..., 'cost', ...]
 * ```
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
        column === 'json' ||
        (column === 'string' && (SHARED_KINDS.has(field.spec.kind) || SHARED_IDS.has(field.name)));
      return { name: field.name, column, index: numeric ? numbers++ : strings++, shared };
    });
    this.numbers = numbers;
    this.strings = strings;
  }
}

/**
 * A batch of events in columns: what a reading worker sends back for a range or a block. The
 * strings of shared slots index the writer's shared table, which grows from batch to batch:
 * each batch carries the shared strings added since the one before (`shared`).
 */
export interface Records {
  readonly count: number;
  readonly states: Uint8Array;
  readonly numbers: Float64Array;
  readonly strings: Uint32Array;
  /** The batch's own strings: their UTF-8 bytes one after the other, and where each ends. */
  readonly text: Uint8Array;
  readonly ends: Uint32Array;
  /** The shared strings first stored in this batch, in the order of their indexes. */
  readonly shared: readonly string[];
  /** The shared table starts afresh with this batch (the one before had grown too large). */
  readonly restartsShared: boolean;
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
 * Writes events into columns, one record after the other, field by field (`set*` for the slots
 * of the record being written, then `commit`) or whole (`add`). A record not committed is
 * written over by the next one. A string of a shared slot is stored once for all batches.
 *
 * @example
 * ```ts
 * const writer = new RecordWriter(new RecordLayout(keep));
 * writer.add(event);
 * const records = writer.takeBatch();
 * ```
 */
export class RecordWriter {
  readonly layout: RecordLayout;
  #count = 0;
  #states = new Uint8Array(0);
  #numbers = new Float64Array(0);
  #strings = new Uint32Array(0);
  #text = Buffer.alloc(0);
  #textBytes = 0;
  #ends = new Uint32Array(0);
  #tableSize = 0;
  readonly #shared = new Map<string, number>();
  #sharedNew: string[] = [];
  #restartsShared = false;
  /** Counts the restarts of the shared table: an index kept from before one is stale. */
  sharedGeneration = 0;

  constructor(layout: RecordLayout) {
    this.layout = layout;
    this.#reserve();
  }

  /** How many records the batch holds. */
  get count(): number {
    return this.#count;
  }

  /** Writes a whole event (its fields as `readLogLine` read them). */
  add(event: LlmEvent): void {
    const record = event as unknown as Record<string, unknown>;
    const slots = this.layout.slots;
    for (let slot = 0; slot < slots.length; slot++) {
      const { name } = slots[slot] as Slot;
      const value = record[name];
      this.setValue(slot, value === undefined && !Object.hasOwn(record, name) ? LEFT_OUT : value);
    }
    this.commit();
  }

  /** Sets slot `slot` of the record being written: `LEFT_OUT`, `undefined` or a value. */
  setValue(slot: number, value: unknown): void {
    const layout = this.layout;
    const n = this.#count;
    const at = n * layout.slots.length + slot;
    if (value === LEFT_OUT) {
      this.#states[at] = NOT_SET;
      return;
    }
    if (value === undefined) {
      this.#states[at] = UNDEFINED;
      return;
    }
    const { column, index, shared } = layout.slots[slot] as Slot;
    if (column === 'number') {
      this.#states[at] = VALUE;
      this.#numbers[n * layout.numbers + index] = value as number;
    } else if (column === 'flag') {
      this.#states[at] = VALUE;
      this.#numbers[n * layout.numbers + index] = value ? 1 : 0;
    } else {
      const escaped = column === 'string' && LONE_SURROGATE.test(value as string);
      this.#states[at] = escaped ? ESCAPED : VALUE;
      const text = column === 'json' || escaped ? JSON.stringify(value) : (value as string);
      this.#strings[n * layout.strings + index] = shared
        ? this.sharedIndex(text)
        : this.#store(text);
    }
  }

  /** Sets a number slot (not a flag) to `value`. */
  setNumber(slot: number, value: number): void {
    const layout = this.layout;
    const n = this.#count;
    this.#states[n * layout.slots.length + slot] = VALUE;
    this.#numbers[n * layout.numbers + (layout.slots[slot] as Slot).index] = value;
  }

  /** Sets a string slot to the UTF-8 bytes `bytes[start, end)` (a slot that is not shared). */
  setBytes(slot: number, bytes: Buffer, start: number, end: number): void {
    const layout = this.layout;
    const n = this.#count;
    this.#states[n * layout.slots.length + slot] = VALUE;
    const length = end - start;
    if (this.#textBytes + length > this.#text.length) this.#growText(length);
    const text = this.#text;
    const at = this.#textBytes;
    // ids are short: a loop costs less than a call into `copy`
    if (length <= 64) for (let i = 0; i < length; i++) text[at + i] = bytes[start + i] as number;
    else bytes.copy(text, at, start, end);
    this.#textBytes += length;
    this.#strings[n * layout.strings + (layout.slots[slot] as Slot).index] = this.#endString();
  }

  /** Sets a shared string slot to the shared string `index` (from `sharedIndex`). */
  setShared(slot: number, index: number): void {
    const layout = this.layout;
    const n = this.#count;
    this.#states[n * layout.slots.length + slot] = VALUE;
    this.#strings[n * layout.strings + (layout.slots[slot] as Slot).index] = index;
  }

  /** The index of `text` in the shared table, stored there the first time. */
  sharedIndex(text: string): number {
    let index = this.#shared.get(text);
    if (index === undefined) {
      index = this.#shared.size;
      this.#shared.set(text, index);
      this.#sharedNew.push(text);
    }
    return index;
  }

  /** The record being written is complete. */
  commit(): void {
    this.#count++;
    this.#reserve();
  }

  /**
   * The records written since the last batch, in buffers of their own (to transfer to another
   * thread); starts the next batch.
   */
  takeBatch(): Records {
    const count = this.#count;
    const { slots, numbers, strings } = this.layout;
    // never from the shared pool: a pooled buffer cannot be transferred (Node 22 refuses it)
    const text = Buffer.allocUnsafeSlow(this.#textBytes);
    this.#text.copy(text, 0, 0, this.#textBytes);
    return this.#endBatch({
      count,
      states: this.#states.slice(0, count * slots.length),
      numbers: this.#numbers.slice(0, count * numbers),
      strings: this.#strings.slice(0, count * strings),
      text,
      ends: this.#ends.slice(0, this.#tableSize),
      shared: this.#sharedNew,
      restartsShared: this.#restartsShared,
    });
  }

  /**
   * The records written since the last batch as views of the writer's own buffers, for a reader
   * on this thread: read them before anything more is written. Starts the next batch, and
   * allocates nothing (a reader that never ends makes no garbage per batch).
   */
  lendBatch(): Records {
    const count = this.#count;
    const { slots, numbers, strings } = this.layout;
    return this.#endBatch({
      count,
      states: this.#states.subarray(0, count * slots.length),
      numbers: this.#numbers.subarray(0, count * numbers),
      strings: this.#strings.subarray(0, count * strings),
      text: this.#text.subarray(0, this.#textBytes),
      ends: this.#ends.subarray(0, this.#tableSize),
      shared: this.#sharedNew,
      restartsShared: this.#restartsShared,
    });
  }

  /** Starts the next batch after `batch`. */
  #endBatch(batch: Records): Records {
    this.#count = 0;
    this.#textBytes = 0;
    this.#tableSize = 0;
    this.#sharedNew = [];
    // a reader that never ends (--follow) must not keep every correlation id it ever saw
    this.#restartsShared = this.#shared.size > MAX_SHARED;
    if (this.#restartsShared) {
      this.#shared.clear();
      this.sharedGeneration++;
    }
    return batch;
  }

  /** Room for the record after the last committed one. */
  #reserve(): void {
    const layout = this.layout;
    const records = this.#count + 1;
    this.#states = grown(this.#states, records * layout.slots.length);
    this.#numbers = grown(this.#numbers, records * layout.numbers);
    this.#strings = grown(this.#strings, records * layout.strings);
  }

  /** Appends `text` to the batch's string table; returns its index. */
  #store(text: string): number {
    const most = text.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.#textBytes + most > this.#text.length) this.#growText(most);
    this.#textBytes += this.#text.write(text, this.#textBytes);
    return this.#endString();
  }

  /** Ends the string table's last string where the text ends now; its index. */
  #endString(): number {
    const index = this.#tableSize++;
    this.#ends = grown(this.#ends, this.#tableSize);
    this.#ends[index] = this.#textBytes;
    return index;
  }

  #growText(more: number): void {
    const larger = Buffer.allocUnsafe(Math.max(this.#textBytes + more, this.#text.length * 2));
    this.#text.copy(larger, 0, 0, this.#textBytes);
    this.#text = larger;
  }
}

/** What a generated decoder reads a record's values with. */
interface Decoding {
  readonly states: Uint8Array;
  readonly numbers: Float64Array;
  readonly strings: Uint32Array;
  /** A number of the number column as V8 stores it best: an integer as a small integer. */
  number(value: number): number;
  /** A string of the batch, by index (its JSON parsed when `state` is `ESCAPED`). */
  own(index: number, state: number): unknown;
  /** A shared string, by index (parsed when JSON or `ESCAPED`). */
  shared(index: number, state: number, json: boolean): unknown;
}

/** Makes one record's event: the record's first state, number and string positions. */
type Decoder = (decoding: Decoding, state: number, number: number, string: number) => LlmEvent;

/**
 * The decoder of a layout, as one object literal (so every event has the same shape and is made
 * at once, not key by key): generated from the slots, whose names are the registry's.
 */
function decoderOf(layout: RecordLayout): Decoder {
  let decoder = decoders.get(layout);
  if (decoder === undefined) {
    decoder = generatedDecoder(layout);
    decoders.set(layout, decoder);
  }
  return decoder;
}

/** One decoder per layout, so that it is compiled once however many batches are read. */
const decoders = new WeakMap<RecordLayout, Decoder>();

function generatedDecoder(layout: RecordLayout): Decoder {
  const members = layout.slots.map((slot, at) => {
    const state = `d.states[s + ${at}]`;
    let value: string;
    if (slot.column === 'number') value = `d.number(d.numbers[n + ${slot.index}])`;
    else if (slot.column === 'flag') value = `d.numbers[n + ${slot.index}] === 1`;
    else if (slot.shared) {
      value = `d.shared(d.strings[t + ${slot.index}], ${state}, ${slot.column === 'json'})`;
    } else value = `d.own(d.strings[t + ${slot.index}], ${state})`;
    return `${JSON.stringify(slot.name)}: ${state} === ${UNDEFINED} ? undefined : ${value}`;
  });
  return new Function('d', 's', 'n', 't', `return { ${members.join(', ')} };`) as Decoder;
}

/**
 * Hands the records of one writer's batches back as the `LlmEvent`s they were written from: the
 * same fields, in the same order, a field read as `undefined` still present, one left out still
 * absent. Batches are read in the order they were taken (the shared table grows with each); each
 * shared string is decoded once and then shared by every event that has it.
 *
 * @example
 * ```ts
 * const reader = new RecordReader(new RecordLayout(keep));
 * reader.read(records, (event) => keeper.keep(event));
 * ```
 */
export class RecordReader {
  readonly #layout: RecordLayout;
  readonly #decode: Decoder;
  /** The shared strings of the batches read so far (since the table last started afresh). */
  #shared: string[] = [];

  constructor(layout: RecordLayout) {
    this.#layout = layout;
    this.#decode = decoderOf(layout);
  }

  read(records: Records, onEvent: (event: LlmEvent) => void): void {
    if (records.restartsShared) this.#shared = [];
    const sharedTable = this.#shared;
    for (const text of records.shared) sharedTable.push(text);
    const { slots, numbers: numberCount, strings: stringCount } = this.#layout;
    const { states, ends } = records;
    const text = Buffer.from(records.text.buffer, records.text.byteOffset, records.text.byteLength);
    // ASCII text (ids, mostly) is decoded once for the batch, and each string is a slice of it:
    // one call into Node instead of one per string (a slice holds the batch's text alive)
    const whole = isAscii(text) ? text.toString('latin1') : undefined;
    const decoding: Decoding = {
      states,
      numbers: records.numbers,
      number: asSmallInteger,
      strings: records.strings,
      own: (index, state) => {
        const start = index === 0 ? 0 : (ends[index - 1] as number);
        const end = ends[index] as number;
        const value = whole?.slice(start, end) ?? text.toString('utf8', start, end);
        return state === ESCAPED ? JSON.parse(value) : value;
      },
      shared: (index, state, json) => {
        const value = sharedTable[index] as string;
        if (!json && state !== ESCAPED) return value;
        // parsed afresh, so no two events share an object, but for the empty list (frozen)
        return value === '[]' ? EMPTY_LIST : JSON.parse(value);
      },
    };
    const decode = this.#decode;
    const width = slots.length;
    // a field left out (rare: a line written with OpenTelemetry names) is absent, not undefined
    const leftOut = states.includes(NOT_SET);
    for (let n = 0; n < records.count; n++) {
      const state = n * width;
      const event = decode(decoding, state, n * numberCount, n * stringCount);
      for (let at = 0; leftOut && at < width; at++) {
        if (states[state + at] === NOT_SET)
          delete (event as unknown as Record<string, unknown>)[(slots[at] as Slot).name];
      }
      onEvent(event);
    }
  }
}
