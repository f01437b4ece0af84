import type { LlmEvent } from '../events/schema.js';
import {
  CONTEXT_LOG_KEYS,
  EVENT_LOG_KEYS,
  LLM_CALL_EVENT,
  LLM_EVENT_VERSION,
} from '../log-keys.js';
import { OTEL_ATTRIBUTE_NAMES, OTEL_TAG_PREFIX } from '../otel/attribute-names.js';
import { OTEL_EVENT_ATTRIBUTE_NAMES } from '../otel/event-attribute-names.js';
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
const INVALID: unique symbol = Symbol('invalid');
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

interface FieldSpec {
  readonly name: keyof LlmEvent;
  readonly key: string;
  readonly read: Reader;
  readonly expected: string;
  /** What an absent (or `null`) value reads as; `undefined` leaves the field out. */
  readonly absent?: () => unknown;
  readonly required?: boolean;
}

const field = (
  name: keyof LlmEvent,
  key: string,
  read: Reader,
  expected: string,
  extra: Partial<Pick<FieldSpec, 'absent' | 'required'>> = {},
): FieldSpec => ({ name, key, read, expected, ...extra });

const TEXT = 'a non-empty string';
const COUNT = 'a non-negative integer';
const AMOUNT = 'a non-negative number';
const required = { required: true } as const;

/** Every field of an `llm.call` line, in `LlmEvent` order, with how it is read. */
const FIELDS: readonly FieldSpec[] = [
  field('eventVersion', EVENT_LOG_KEYS.eventVersion, eventVersion, `${LLM_EVENT_VERSION}`, {
    absent: () => LLM_EVENT_VERSION,
  }),
  field('eventId', EVENT_LOG_KEYS.eventId, text, TEXT, required),
  field('correlationId', EVENT_LOG_KEYS.correlationId, text, TEXT, required),
  field('parentRequestId', EVENT_LOG_KEYS.parentRequestId, text, TEXT),
  field('time', 'time', time, 'epoch milliseconds or an ISO 8601 date', required),
  field('model', EVENT_LOG_KEYS.model, text, TEXT, required),
  field('responseModel', EVENT_LOG_KEYS.responseModel, text, TEXT),
  field('provider', EVENT_LOG_KEYS.provider, text, TEXT, required),
  field('operation', EVENT_LOG_KEYS.operation, text, TEXT),
  field(
    'status',
    EVENT_LOG_KEYS.status,
    oneOf('ok', 'error', 'cancelled'),
    'ok, error or cancelled',
    required,
  ),
  field('error', EVENT_LOG_KEYS.error, error, 'an object { type, message, status? }'),
  field('inputTokens', EVENT_LOG_KEYS.inputTokens, count, COUNT),
  field('outputTokens', EVENT_LOG_KEYS.outputTokens, count, COUNT),
  field('totalTokens', EVENT_LOG_KEYS.totalTokens, count, COUNT),
  field('cacheReadTokens', EVENT_LOG_KEYS.cacheReadTokens, count, COUNT),
  field('cacheWriteTokens', EVENT_LOG_KEYS.cacheWriteTokens, count, COUNT),
  field('reasoningTokens', EVENT_LOG_KEYS.reasoningTokens, count, COUNT),
  field('cost', EVENT_LOG_KEYS.cost, amount, AMOUNT),
  field('costSource', EVENT_LOG_KEYS.costSource, oneOf('provider', 'table'), 'provider or table'),
  field('priceTable', EVENT_LOG_KEYS.priceTable, text, TEXT),
  field('latencyMs', EVENT_LOG_KEYS.latencyMs, amount, AMOUNT, required),
  field('ttftMs', EVENT_LOG_KEYS.ttftMs, amount, AMOUNT),
  field('stream', EVENT_LOG_KEYS.stream, boolean, 'a boolean'),
  field(
    'toolCalls',
    EVENT_LOG_KEYS.toolCalls,
    toolCalls,
    'an array of { id, name, arguments } strings',
    {
      absent: () => [],
    },
  ),
  field('sampleRate', EVENT_LOG_KEYS.sampleRate, sampleRate, 'a number between 0 and 1'),
  field('prompt', EVENT_LOG_KEYS.prompt, string, 'a string'),
  field('completion', EVENT_LOG_KEYS.completion, string, 'a string'),
  field('sessionId', CONTEXT_LOG_KEYS.sessionId, text, TEXT),
  field('requestId', CONTEXT_LOG_KEYS.requestId, text, TEXT),
  field('modelId', CONTEXT_LOG_KEYS.modelId, text, TEXT),
  field('samplingIteration', CONTEXT_LOG_KEYS.samplingIteration, count, COUNT),
  field('userId', CONTEXT_LOG_KEYS.userId, text, TEXT),
  field('feature', CONTEXT_LOG_KEYS.feature, text, TEXT),
  field('environment', CONTEXT_LOG_KEYS.environment, text, TEXT),
  field('section', CONTEXT_LOG_KEYS.section, text, TEXT),
  field('tags', CONTEXT_LOG_KEYS.tags, tags, 'an object of strings'),
];

/** Where the tags of a line under OpenTelemetry names are gathered (one key per tag there). */
const OTEL_TAGS_KEY = `${OTEL_TAG_PREFIX}*`;

/**
 * The same fields under OpenTelemetry names, for lines written with `keys: 'otel'`; `time`,
 * `error` and `event` keep their names, and the context's `modelId` is not on such lines.
 */
const OTEL_FIELDS: readonly FieldSpec[] = FIELDS.filter((spec) => spec.name !== 'modelId').map(
  (spec) => {
    const names: Record<string, string> = {
      ...OTEL_ATTRIBUTE_NAMES,
      ...OTEL_EVENT_ATTRIBUTE_NAMES,
    };
    const key = spec.name === 'tags' ? OTEL_TAGS_KEY : names[spec.name];
    return key === undefined ? spec : { ...spec, key };
  },
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
    if (raw === undefined || raw === null) {
      if (spec.required) return { kind: 'malformed', reason: `${spec.key}: missing` };
      if (spec.absent) event[spec.name] = spec.absent();
      else if (keep?.has(spec.name)) event[spec.name] = undefined; // one shape for every event
      continue;
    }
    const value = spec.read(raw);
    if (value === INVALID) {
      return { kind: 'malformed', reason: `${spec.key}: expected ${spec.expected}` };
    }
    if (spec.required || keep === undefined || keep.has(spec.name)) event[spec.name] = value;
    else if (spec.absent) event[spec.name] = spec.absent();
  }
  return { kind: 'event', event: event as LlmEvent };
}
