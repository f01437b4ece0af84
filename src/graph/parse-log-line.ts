import type { LlmEvent } from '../events/schema.js';
import { OTEL_TAG_PREFIX } from '../fields/context-fields.js';
import {
  EVENT_LOG_KEYS,
  LLM_CALL_EVENT,
  LLM_EVENT_VERSION,
  OTEL_EVENT_ATTRIBUTE_NAMES,
} from '../fields/event-fields.js';
import { type FieldKind, inWords } from '../fields/field.js';
import { LINE_FIELDS, type LineField } from '../fields/line-fields.js';
import { isJsonBlank } from '../util/json-blank.js';
import { setOwnProperty } from '../util/own-property.js';

/**
 * What one log line is, read: an `llm.call` event, another log line, or a malformed line and
 * why. A malformed line is one that does not have the shape of a JSON object (after trimming it
 * does not start with `{` and end with `}`), or an `llm.call` line that does not parse into an
 * event (invalid JSON, a required field missing, a field of the wrong type).
 */
export type LogLineReading =
  | { readonly kind: 'event'; readonly event: LlmEvent }
  | { readonly kind: 'other' }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Which optional `LlmEvent` fields to keep (the required ones are always kept). */
export type EventFieldSelection = ReadonlySet<keyof LlmEvent>;

/** Options of `readLogLine`. */
export interface ReadLogLineOptions {
  /** Keep only these optional fields of the event (all of them by default). */
  readonly keep?: EventFieldSelection;
  /** Parse every line as JSON, and report one that does not parse as malformed. */
  readonly strict?: boolean;
}

const OTHER: LogLineReading = Object.freeze({ kind: 'other' });
const NOT_AN_OBJECT: LogLineReading = Object.freeze({
  kind: 'malformed',
  reason: 'not a JSON object',
});

/** `"event":"llm.call"` as any JSON writer may space it: how an unparseable event line is known. */
const EVENT_MARKER = /"event"\s*:\s*"llm\.call"/;

/**
 * Reads one log line (without its line break). Lines that cannot be `llm.call` events (the text
 * `llm.call` does not occur in them) are classified without a JSON parse unless `strict` is set.
 * Never throws.
 */
export function readLogLine(line: string, options: ReadLogLineOptions = {}): LogLineReading {
  const text = trimLine(line);
  if (text.charCodeAt(0) !== 0x7b || text.charCodeAt(text.length - 1) !== 0x7d) {
    return NOT_AN_OBJECT;
  }
  if (!options.strict && !text.includes(LLM_CALL_EVENT)) return OTHER;
  return readLogObject(text, options);
}

/**
 * `readLogLine` for text already known to be trimmed, `{`...`}`, and (unless `strict`) to
 * mention `llm.call`: the JSON parse and the reading of the event.
 */
export function readLogObject(text: string, options: ReadLogLineOptions): LogLineReading {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return options.strict || EVENT_MARKER.test(text)
      ? { kind: 'malformed', reason: `invalid JSON (${(error as Error).message})` }
      : OTHER;
  }
  if (record[EVENT_KEY] !== LLM_CALL_EVENT) return OTHER;
  return readEventRecord(record, options.keep);
}

/**
 * Reads an `llm.call` log line back into its `LlmEvent` (camelCase, as `logLlmCall` returned
 * it); `undefined` for any other line, and for an `llm.call` line that does not parse. Never
 * throws. Lines that do not contain the text `llm.call` are rejected without a JSON parse.
 *
 * The line needs the fields an event cannot do without: `event_id`, `correlation_id`, `time`
 * (pino's epoch milliseconds, or an ISO 8601 string), `model`, `provider`, `status` and
 * `latency_ms`; `event_version` may be absent (read as 1) and `tool_calls` too (none). An
 * optional field may be absent or `null` (unknown); one of the wrong type makes the line
 * malformed. Keys it does not know are ignored. Lines written with `keys: 'otel'`
 * (`leanllm.event_id`, `gen_ai.request.model`, ... `docs/otel.md`) are read the same way.
 *
 * @example
 * ```ts
 * import { buildExecutionGraphs, parseLogLine } from 'leanllm-context/graph';
 *
 * const events = text.split('\n').map(parseLogLine).filter((event) => event !== undefined);
 * const graphs = buildExecutionGraphs(events);
 * ```
 */
export function parseLogLine(line: string): LlmEvent | undefined {
  if (typeof line !== 'string') return undefined;
  const reading = readLogLine(line);
  return reading.kind === 'event' ? reading.event : undefined;
}

const EVENT_KEY = 'event';

/** The line without surrounding blanks, and without a UTF-8 BOM (U+FEFF) at its start. */
function trimLine(line: string): string {
  let start = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = line.length;
  while (start < end && isJsonBlank(line.charCodeAt(start))) start++;
  while (end > start && isJsonBlank(line.charCodeAt(end - 1))) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}
/** What a field's reader gives for a value of the wrong type, and `eventFieldValue` for a line that cannot be an event. */
export const INVALID: unique symbol = Symbol('invalid');
/** What `eventFieldValue` gives for a field the event does not carry (not kept, absent). */
export const LEFT_OUT: unique symbol = Symbol('left out');
type Reader = (value: unknown) => unknown;

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;
const isAmount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

const text: Reader = (value) => (isText(value) ? value : INVALID);
const string: Reader = (value) => (typeof value === 'string' ? value : INVALID);
const count: Reader = (value) => (isCount(value) ? value : INVALID);
const amount: Reader = (value) => (isAmount(value) ? value : INVALID);
const boolean: Reader = (value) => (typeof value === 'boolean' ? value : INVALID);
const oneOf =
  (...allowed: string[]): Reader =>
  (value) =>
    allowed.includes(value as string) ? value : INVALID;

const time: Reader = (value) => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : INVALID;
  if (typeof value !== 'string') return INVALID;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? INVALID : ms;
};

const eventVersion: Reader = (value) => (value === LLM_EVENT_VERSION ? value : INVALID);

const sampleRate: Reader = (value) =>
  typeof value === 'number' && value > 0 && value < 1 ? value : INVALID;

const error: Reader = (value) => {
  if (typeof value !== 'object' || value === null) return INVALID;
  const { type, message, status } = value as Record<string, unknown>;
  if (typeof type !== 'string' || typeof message !== 'string') return INVALID;
  if (status === undefined || status === null) return { type, message };
  return Number.isSafeInteger(status) ? { type, message, status } : INVALID;
};

const toolCalls: Reader = (value) => {
  if (!Array.isArray(value)) return INVALID;
  const calls = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return INVALID;
    const { id, name, arguments: args } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string' || typeof args !== 'string') {
      return INVALID;
    }
    calls.push({ id, name, arguments: args });
  }
  return calls;
};

const tags: Reader = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return INVALID;
  const copy: Record<string, string> = {};
  for (const [key, tag] of Object.entries(value)) {
    if (typeof tag !== 'string') return INVALID;
    copy[key] = tag;
  }
  return copy;
};

/** How one field of an `llm.call` line is read: its key, its reader, what absent means. */
export interface FieldSpec {
  readonly name: keyof LlmEvent;
  readonly key: string;
  readonly kind: FieldKind;
  readonly read: Reader;
  readonly expected: string;
  /** What an absent (or `null`) value reads as; `undefined` leaves the field out. */
  readonly absent?: () => unknown;
  readonly required?: boolean;
}

const TEXT = 'a non-empty string';
const COUNT = 'a non-negative integer';
const AMOUNT = 'a non-negative number';

const NO_TOOL_CALLS = () => [];
const THIS_VERSION = () => LLM_EVENT_VERSION;

/** How a field of each kind is read, what the reason says it should be, and what absent means. */
function readingOf(spec: LineField['spec']): Pick<FieldSpec, 'read' | 'expected' | 'absent'> {
  switch (spec.kind) {
    case 'id':
    case 'text':
    case 'path':
      return { read: text, expected: TEXT };
    case 'enum': {
      const values = spec.values ?? [];
      return { read: oneOf(...values), expected: inWords(values) };
    }
    case 'count':
    case 'ordinal':
      return { read: count, expected: COUNT };
    case 'money':
    case 'duration':
      return { read: amount, expected: AMOUNT };
    case 'ratio':
      return { read: sampleRate, expected: 'a number between 0 and 1' };
    case 'flag':
      return { read: boolean, expected: 'a boolean' };
    case 'time':
      return { read: time, expected: 'epoch milliseconds or an ISO 8601 date' };
    case 'version':
      return { read: eventVersion, expected: `${LLM_EVENT_VERSION}`, absent: THIS_VERSION };
    case 'content':
      return { read: string, expected: 'a string' };
    case 'error':
      return { read: error, expected: 'an object { type, message, status? }' };
    case 'list':
      return {
        read: toolCalls,
        expected: 'an array of { id, name, arguments } strings',
        absent: NO_TOOL_CALLS,
      };
    case 'map':
      return { read: tags, expected: 'an object of strings' };
  }
}

const specOf = (field: LineField, key: string): FieldSpec => ({
  name: field.name,
  key,
  kind: field.spec.kind,
  ...readingOf(field.spec),
  ...(field.spec.required && { required: true }),
});

/** Every field of an `llm.call` line, in `LlmEvent` order, with how it is read (the registry's). */
export const FIELDS: readonly FieldSpec[] = LINE_FIELDS.map((field) =>
  specOf(field, field.spec.logKey),
);

/**
 * The fields an event read with `keep` may carry, in `LlmEvent` order: the required ones, those
 * that read as a default when absent (`eventVersion`, `toolCalls`), and the kept ones. A reader
 * that stores events in columns (the CLI's parallel reading) lays them out from this.
 */
export function fieldsReadWith(keep: EventFieldSelection | undefined): readonly LineField[] {
  return LINE_FIELDS.filter((_field, index) => {
    const spec = FIELDS[index] as FieldSpec;
    return spec.required || spec.absent !== undefined || keep === undefined || keep.has(spec.name);
  });
}

/** Where the tags of a line under OpenTelemetry names are gathered (one key per tag there). */
const OTEL_TAGS_KEY = `${OTEL_TAG_PREFIX}*`;

/**
 * The same fields under OpenTelemetry names, for lines written with `keys: 'otel'`; `time`,
 * `error` and `event` keep their names, and the context's `modelId` is not on such lines.
 */
const OTEL_FIELDS: readonly FieldSpec[] = LINE_FIELDS.flatMap((field) =>
  field.otelKey === undefined ? [] : [specOf(field, field.otelKey)],
);

/** The `leanllm.tag.<key>` members of a line as one `{ key: value }` object (none: undefined). */
function gatherOtelTags(record: Record<string, unknown>): Record<string, unknown> | undefined {
  let tags: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    if (!key.startsWith(OTEL_TAG_PREFIX)) continue;
    tags ??= {};
    setOwnProperty(tags, key.slice(OTEL_TAG_PREFIX.length), record[key]);
  }
  return tags;
}

/**
 * What field `spec` of an event is, given its value on the line (`undefined` or `null`: absent)
 * and whether the event carries it (`carries(spec, keep)`): the value (`undefined` included: a
 * carried field the line does not have, so every event has one shape), `LEFT_OUT`, or `INVALID`
 * (a required field missing, a value of the wrong type: the line is malformed). A field is
 * checked even when it is not carried.
 *
 * @example
 * ```ts
 * eventFieldValue(spec, record[spec.key], carries(spec, keep));
 * ```
 */
export function eventFieldValue(spec: FieldSpec, raw: unknown, carried: boolean): unknown {
  if (raw === undefined || raw === null) {
    if (spec.required) return INVALID;
    if (spec.absent) return spec.absent();
    return carried ? undefined : LEFT_OUT;
  }
  const value = spec.read(raw);
  if (value === INVALID) return INVALID;
  if (carried) return value;
  return spec.absent ? spec.absent() : LEFT_OUT;
}

/**
 * Whether an event read with `keep` carries field `spec`: a required one always, another when
 * kept (every one when `keep` is not given).
 *
 * @example
 * ```ts
 * carries(spec, new Set(['cost'])); // true for `cost` and the required fields
 * ```
 */
export const carries = (spec: FieldSpec, keep: EventFieldSelection | undefined): boolean =>
  spec.required === true || keep === undefined || keep.has(spec.name);

/** Reads the parsed object of an `llm.call` line into an `LlmEvent`, or says what is wrong. */
function readEventRecord(
  record: Record<string, unknown>,
  keep: EventFieldSelection | undefined,
): LogLineReading {
  const event: Record<string, unknown> = {};
  // A line written with `keys: 'otel'` is known by its event id's name.
  const otel =
    record[EVENT_LOG_KEYS.eventId] === undefined && OTEL_EVENT_ATTRIBUTE_NAMES.eventId in record;
  if (otel) record[OTEL_TAGS_KEY] = gatherOtelTags(record);
  for (const spec of otel ? OTEL_FIELDS : FIELDS) {
    const raw = record[spec.key];
    const value = eventFieldValue(spec, raw, carries(spec, keep));
    if (value === INVALID) {
      const reason = raw === undefined || raw === null ? 'missing' : `expected ${spec.expected}`;
      return { kind: 'malformed', reason: `${spec.key}: ${reason}` };
    }
    if (value !== LEFT_OUT) event[spec.name] = value;
  }
  return { kind: 'event', event: event as LlmEvent };
}
