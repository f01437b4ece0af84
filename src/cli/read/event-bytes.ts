import { LLM_CALL_EVENT } from '../../fields/event-fields.js';
import type { FieldKind } from '../../fields/field.js';
import {
  carries,
  type EventFieldSelection,
  eventFieldValue,
  FIELDS,
  type FieldSpec,
  INVALID,
  LEFT_OUT,
} from '../../graph/parse-log-line.js';
import { NOT_JSON, parseJson } from '../../util/parse-json.js';
import { hashOf, sameBytes } from './byte-range.js';
import {
  ARRAY,
  ESCAPED,
  FALSE,
  JsonLineScanner,
  NON_ASCII,
  NULL,
  NUMBER,
  STRING,
  TRUE,
  VALUE_READ,
} from './json-line-scan.js';
import type { RecordWriter } from './records.js';

/**
 * How a string value of a field is taken from the bytes when it has no escape:
 * - `bytes`: copied as they are (ids, text read once: looking them up would cost more);
 * - `shared`: looked up by its bytes among the values seen before (models, providers, statuses);
 * - `decoded`: made into a string and read by the field's reader (a time as ISO 8601 text, a
 *   string where a number belongs).
 */
type StringMode = 'bytes' | 'shared' | 'decoded';

/** The kinds whose reader takes any non-empty string as it is (`bytes` mode checks that alone). */
const NON_EMPTY_KINDS: ReadonlySet<FieldKind> = new Set(['id', 'text', 'path']);

interface FieldPlan {
  readonly spec: FieldSpec;
  /** Its slot in the record, or -1 when the event does not carry it (it is only checked). */
  readonly slot: number;
  readonly mode: StringMode;
  /** Whether the event carries it (the rest are only checked). */
  readonly carried: boolean;
  /** What the field is when the line does not have it (`eventFieldValue` of an absent value). */
  readonly whenAbsent: unknown;
  /** What the field is when the line has `[]` (most lines' `tool_calls`). */
  readonly whenEmptyList: unknown;
  /** Whether it is the tool calls, not carried: a list is then only checked, from its bytes. */
  readonly onlyChecksToolCalls: boolean;
  /** Whether its value is stored as read in a number column (a number read from the bytes goes straight there). */
  readonly storedNumber: boolean;
  /** `shared` mode: what each value seen is, by its bytes. */
  readonly seen: SeenValues | undefined;
}

/** A value a shared field took before, by its bytes: its shared index, or why it is invalid. */
interface SeenValue {
  readonly bytes: Buffer;
  /** Its index in the writer's shared table; -1 when the field is not stored; -2 when invalid. */
  readonly index: number;
}

const NOT_STORED = -1;
const INVALID_VALUE = -2;

/** The values of one shared field, by a hash of their bytes; the one seen last is tried first. */
class SeenValues {
  readonly #byHash = new Map<number, SeenValue[]>();
  #last: SeenValue | undefined;

  find(bytes: Buffer, start: number, end: number): SeenValue | undefined {
    const last = this.#last;
    if (last !== undefined && sameBytes(last.bytes, bytes, start, end)) return last;
    const candidates = this.#byHash.get(hashOf(bytes, start, end));
    if (candidates === undefined) return undefined;
    for (const candidate of candidates) {
      if (sameBytes(candidate.bytes, bytes, start, end)) {
        this.#last = candidate;
        return candidate;
      }
    }
    return undefined;
  }

  clear(): void {
    this.#byHash.clear();
    this.#last = undefined;
  }

  add(bytes: Buffer, start: number, end: number, index: number): SeenValue {
    const value = { bytes: Buffer.from(bytes.subarray(start, end)), index };
    const hash = hashOf(bytes, start, end);
    const candidates = this.#byHash.get(hash);
    if (candidates === undefined) this.#byHash.set(hash, [value]);
    else candidates.push(value);
    this.#last = value;
    return value;
  }
}

const EVENT_BYTES = Buffer.from(LLM_CALL_EVENT);

/**
 * The value of JSON the scan has checked; `INVALID` should `JSON.parse` still refuse it (then the
 * line is read the slow way, which says why), so that reading a line never throws.
 */
function parsed(text: string): unknown {
  const value = parseJson(text);
  return value === NOT_JSON ? INVALID : value;
}

/**
 * Reads an `llm.call` line from its bytes straight into a record: one pass checks the JSON and
 * finds the fields, each field is then read by the same reader `parseLogLine` uses (numbers as
 * numbers, repeated strings looked up by their bytes, ids copied as bytes). It never decides
 * alone that a line is malformed or not an event: when the scan gives up, or a field does not
 * read, `read` returns `false` and the caller reads the line the slow way, which says why.
 *
 * @example
 * ```ts
 * const reader = new EventBytesReader(writer, keep);
 * if (!reader.read(chunk, lineStart, lineEnd)) readTheSlowWay(chunk.toString('utf8', lineStart, lineEnd));
 * ```
 */
export class EventBytesReader {
  readonly #writer: RecordWriter;
  readonly #plans: readonly FieldPlan[];
  readonly #scanner: JsonLineScanner;
  /** The key index of `event`, after the fields' keys. */
  readonly #eventKey: number;
  /** The fields that matter when absent: those the event carries, and the required ones. */
  readonly #carried: readonly number[];
  /** The writer's shared table the values seen index (see `RecordWriter.sharedGeneration`). */
  #sharedGeneration = 0;

  constructor(writer: RecordWriter, keep: EventFieldSelection) {
    this.#writer = writer;
    const slotOf = new Map(writer.layout.slots.map((slot, index) => [slot.name, index]));
    this.#plans = FIELDS.map((spec): FieldPlan => {
      const slot = slotOf.get(spec.name) ?? -1;
      const shared = slot >= 0 ? (writer.layout.slots[slot]?.shared ?? false) : false;
      const { kind } = spec;
      const carried = carries(spec, keep);
      // the shortcuts store the value read as it is: a field the record holds but the event does
      // not carry (it takes its default) goes through its reader
      const mode: StringMode =
        slot >= 0 && !carried
          ? 'decoded'
          : shared || kind === 'enum'
            ? 'shared'
            : NON_EMPTY_KINDS.has(kind)
              ? 'bytes'
              : 'decoded';
      return {
        spec,
        slot,
        mode,
        carried,
        whenAbsent: eventFieldValue(spec, undefined, carried),
        whenEmptyList: eventFieldValue(spec, [], carried),
        onlyChecksToolCalls: kind === 'list' && !carried,
        storedNumber: carried && slot >= 0 && writer.layout.slots[slot]?.column === 'number',
        seen: mode === 'shared' ? new SeenValues() : undefined,
      };
    });
    this.#carried = this.#plans.flatMap((plan, key) =>
      plan.slot >= 0 || plan.whenAbsent === INVALID ? [key] : [],
    );
    this.#scanner = new JsonLineScanner([...FIELDS.map((spec) => spec.key), 'event']);
    this.#eventKey = FIELDS.length;
  }

  /**
   * Reads the line `bytes[start, end)` (trimmed to its braces) into the next record and commits
   * it; `false` (nothing committed) when the line is to be read the slow way.
   */
  read(bytes: Buffer, start: number, end: number): boolean {
    if (!this.#scanner.scan(bytes, start, end)) return false;
    const line = this.#scanner.line;
    const eventKey = this.#eventKey;
    if (
      line.types[eventKey] !== STRING ||
      line.flags[eventKey] !== 0 ||
      !sameBytes(EVENT_BYTES, bytes, line.starts[eventKey] as number, line.ends[eventKey] as number)
    ) {
      return false;
    }
    const plans = this.#plans;
    const types = line.types;
    const present = line.present;
    for (let i = 0; i < line.presentCount; i++) {
      const key = present[i] as number;
      if (types[key] === NULL) continue;
      if (key !== eventKey && !this.#readField(plans[key] as FieldPlan, key, bytes)) return false;
    }
    for (const key of this.#carried) {
      const type = types[key];
      if (type !== 0 && type !== NULL) continue;
      const plan = plans[key] as FieldPlan;
      if (plan.whenAbsent === INVALID) return false;
      if (plan.slot >= 0) this.#writer.setValue(plan.slot, plan.whenAbsent);
    }
    this.#writer.commit();
    return true;
  }

  /** Reads one field the line has (not `null`) into its slot, or only checks it; `false` when it does not read. */
  #readField(plan: FieldPlan, key: number, bytes: Buffer): boolean {
    const line = this.#scanner.line;
    const type = line.types[key] as number;
    const writer = this.#writer;
    const start = line.starts[key] as number;
    const end = line.ends[key] as number;
    const flags = line.flags[key] as number;
    let raw: unknown;
    if (type === STRING) {
      if ((flags & ESCAPED) === 0) {
        if (plan.mode === 'bytes') {
          if (end === start) return false; // the readers of these kinds take non-empty text
          if (plan.slot >= 0) writer.setBytes(plan.slot, bytes, start, end);
          return true;
        }
        if (plan.mode === 'shared') return this.#readShared(plan, bytes, start, end, flags);
        raw = bytes.toString((flags & NON_ASCII) === 0 ? 'latin1' : 'utf8', start, end);
      } else {
        raw = parsed(bytes.toString('utf8', start - 1, end + 1));
      }
    } else if (type === NUMBER) {
      raw =
        (flags & VALUE_READ) !== 0
          ? line.numbers[key]
          : Number(bytes.toString('latin1', start, end));
      if (plan.storedNumber) {
        const value = plan.spec.read(raw);
        if (value === INVALID) return false;
        writer.setNumber(plan.slot, value as number);
        return true;
      }
    } else if (type === TRUE || type === FALSE) {
      raw = type === TRUE;
    } else if (type === ARRAY && (end - start === 2 || plan.onlyChecksToolCalls)) {
      // not carried, any list of tool calls reads as the empty one does
      const valid = end - start === 2 || this.#scanner.isToolCallList(start, end);
      if (valid === false) return false;
      if (valid === true) {
        const value = plan.whenEmptyList;
        if (value === INVALID) return false;
        if (plan.slot >= 0) writer.setValue(plan.slot, value);
        return true;
      }
      raw = parsed(bytes.toString('utf8', start, end));
    } else {
      raw = parsed(bytes.toString('utf8', start, end));
    }
    if (raw === INVALID) return false;
    const value = eventFieldValue(plan.spec, raw, plan.carried);
    if (value === INVALID) return false;
    if (plan.slot >= 0) writer.setValue(plan.slot, value);
    return true;
  }

  /** A string of a shared field: read once per distinct value, then found by its bytes. */
  #readShared(plan: FieldPlan, bytes: Buffer, start: number, end: number, flags: number): boolean {
    if (this.#sharedGeneration !== this.#writer.sharedGeneration) this.#forgetShared();
    const seen = plan.seen as SeenValues;
    let value = seen.find(bytes, start, end);
    if (value === undefined) {
      const text = bytes.toString((flags & NON_ASCII) === 0 ? 'latin1' : 'utf8', start, end);
      const read = eventFieldValue(plan.spec, text, plan.carried);
      const index =
        read === INVALID
          ? INVALID_VALUE
          : plan.slot < 0 || read === LEFT_OUT
            ? NOT_STORED
            : this.#writer.sharedIndex(read as string);
      value = seen.add(bytes, start, end, index);
    }
    if (value.index === INVALID_VALUE) return false;
    if (value.index !== NOT_STORED) this.#writer.setShared(plan.slot, value.index);
    return true;
  }

  /** The writer's shared table started afresh: the values seen index the old one. */
  #forgetShared(): void {
    for (const plan of this.#plans) plan.seen?.clear();
    this.#sharedGeneration = this.#writer.sharedGeneration;
  }
}
