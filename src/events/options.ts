import { optionError, unknownOptionError } from '../context/option-error.js';
import { describeValue, isContextText } from '../context/schema.js';
import { MAX_VALUE_LENGTH } from '../fields/context-fields.js';
import { EVENT_FIELD_NAMES, EVENT_FIELDS } from '../fields/event-fields.js';
import { type FieldSpec, type GivenBy, inWords } from '../fields/field.js';
import { PER_CALL_CONTEXT_FIELDS, type PerCallContext } from './per-call-context.js';
import type { LlmEvent, ToolCall } from './schema.js';

/**
 * Called with every event once its line is written (or dropped by sampling): a function, or an
 * object with `record(event)` such as a `Chain`. An exception it throws is reported as a
 * process warning and never changes the call's outcome.
 *
 * @example
 * ```ts
 * const onEvent: LlmEventHook = (event) => metrics.observe(event.latencyMs);
 * ```
 */
export type LlmEventHook = ((event: LlmEvent) => unknown) | { record(event: LlmEvent): unknown };

/**
 * Options of `trackLlmCall(logger, options, fn)`: what the call is (the rest is read from the
 * response), and any context field for this call's line only (`userId`, `feature`, `tags`,
 * `section`, ...: validated as `withContext` validates them; tags merge key by key over the
 * context's, `section` is appended to its path). `logLlmCall` takes the same and more (`LlmCall`).
 *
 * @example
 * ```ts
 * const options: TrackLlmCallOptions = {
 *   model: 'gpt-4o-mini',
 *   provider: 'openai',
 *   operation: 'chat',
 *   tags: { experiment: 'rerank-b' }, // this call's line only
 * };
 * ```
 */
export interface TrackLlmCallOptions extends PerCallContext {
  /** The model the caller asked for (stable for grouping): `gpt-4o-mini`, `claude-sonnet-4-5`. */
  readonly model: string;
  /** Who served it: `openai`, `anthropic`, `azure`, `openrouter`, ... */
  readonly provider: string;
  /** What kind of call: `chat`, `embeddings`, `responses`, ... (free text). */
  readonly operation?: string;
  /** The correlation this call belongs to; wins over the context's. */
  readonly correlationId?: string;
  /** This call's parent; wins over the enclosing call, the auto-chain and the context. */
  readonly parentRequestId?: string;
  /** The prompt (a string or messages); written only when `configure({ captureContent })` opts in. */
  readonly prompt?: unknown;
  /** Called with the event. */
  readonly onEvent?: LlmEventHook;
}

/**
 * A call the application timed itself, for `logLlmCall`. Token counts follow the line's
 * convention: `inputTokens` includes cached input (`cacheReadTokens`, `cacheWriteTokens`),
 * `outputTokens` includes `reasoningTokens`. Counts not given are read from `response` when it
 * is a provider response (OpenAI chat completion or Responses API response, Anthropic
 * message, or `{ inputTokens, outputTokens }`).
 *
 * @example
 * ```ts
 * const call: LlmCall = { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 812, inputTokens: 1200, outputTokens: 85 };
 * ```
 */
export interface LlmCall extends TrackLlmCallOptions {
  /** How long the call took, in milliseconds. */
  readonly latencyMs: number;
  /** The event id; a new nanoid when absent (pass the `requestId` you gave the call's scope). */
  readonly eventId?: string;
  /** `ok` by default, `error` when `error` is given. */
  readonly status?: LlmEvent['status'];
  /** What the call threw: an Error (an SDK error's `.status` is kept) or `{ type, message, status }`. */
  readonly error?: unknown;
  /** The model the provider reported, when it differs from `model`. */
  readonly responseModel?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  /** The part of `cacheWriteTokens` written to the cache with a 1-hour lifetime. */
  readonly cacheWrite1hTokens?: number;
  readonly reasoningTokens?: number;
  /** The service tier that served the call, as the provider named it (`default`, `flex`, `priority`). */
  readonly serviceTier?: string;
  /** A cost the provider reported, in USD (`cost_source: "provider"`); else priced from the table. */
  readonly cost?: number;
  /** Time to the first token of a streamed response, in milliseconds. */
  readonly ttftMs?: number;
  /** Whether the response was streamed. */
  readonly stream?: boolean;
  /** The tool calls the model asked for, arguments as the provider's text. */
  readonly toolCalls?: readonly ToolCall[];
  /** The provider's response, to read what the fields above do not give. */
  readonly response?: unknown;
  /** The completion text; written only when `configure({ captureContent })` opts in. */
  readonly completion?: unknown;
}

type Check = (value: unknown) => string | undefined;

/** A string of 1-256 characters without control characters: every id and name of a call. */
export const text: Check = (value) =>
  isContextText(value)
    ? undefined
    : `must be a string of 1-${MAX_VALUE_LENGTH} characters without control characters, got ${describeValue(value)}`;
const count: Check = (value) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? undefined
    : `must be an integer >= 0, got ${describeValue(value)}`;
const nonNegative =
  (unit: string): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? undefined
      : `must be a number >= 0 (${unit}), got ${describeValue(value)}`;
const anything: Check = () => undefined;
const oneOf =
  (values: readonly string[]): Check =>
  (value) =>
    values.includes(value as string)
      ? undefined
      : `must be ${inWords(values.map((one) => `"${one}"`))}, got ${describeValue(value)}`;
const boolean: Check = (value) =>
  typeof value === 'boolean' ? undefined : `must be a boolean, got ${describeValue(value)}`;
const hook: Check = (value) =>
  typeof value === 'function' ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as { record?: unknown }).record === 'function')
    ? undefined
    : `must be a function or an object with record(event), got ${describeValue(value)}`;
const toolCalls: Check = (value) => {
  if (!Array.isArray(value))
    return `must be an array of { id, name, arguments }, got ${describeValue(value)}`;
  for (let i = 0; i < value.length; i++) {
    const call = value[i] as Record<string, unknown> | null;
    if (
      typeof call !== 'object' ||
      call === null ||
      typeof call.id !== 'string' ||
      typeof call.name !== 'string' ||
      typeof call.arguments !== 'string'
    ) {
      return `must be an array of { id, name, arguments } with string values, got ${describeValue(call)} at [${i}]`;
    }
  }
  return undefined;
};

/** How a field the caller gives is checked, by its kind (the registry's). */
function checkOf(spec: FieldSpec): Check {
  switch (spec.kind) {
    case 'id':
    case 'text':
    case 'path':
      return text;
    case 'count':
    case 'ordinal':
      return count;
    case 'money':
    case 'duration':
    case 'ratio':
      return nonNegative(spec.unit ?? 'a number');
    case 'enum':
      return oneOf(spec.values ?? []);
    case 'flag':
      return boolean;
    case 'list':
      return toolCalls;
    default:
      return anything;
  }
}

/** The event fields the caller gives (`givenBy`), each with its check. */
const givenFields = (by: readonly GivenBy[]): [string, Check][] =>
  EVENT_FIELD_NAMES.flatMap((name) => {
    const spec: FieldSpec = EVENT_FIELDS[name];
    return spec.givenBy !== undefined && by.includes(spec.givenBy) ? [[name, checkOf(spec)]] : [];
  });

/** Context fields for the call's line: checked as context fields, by `perCallContext`. */
const perCallContextFields = (): [string, Check][] =>
  PER_CALL_CONTEXT_FIELDS.map((name) => [name, anything]);

const TRACK_CHECKS: ReadonlyMap<string, Check> = new Map([
  ...givenFields(['track']),
  ...perCallContextFields(),
  ['onEvent', hook],
]);

/** The options a wrapped client applies to each of its calls: the request names the rest. */
const DEFAULT_CHECKS: ReadonlyMap<string, Check> = new Map(
  [...TRACK_CHECKS].filter(([key]) => key !== 'model' && key !== 'operation' && key !== 'prompt'),
);

const LOG_CHECKS: ReadonlyMap<string, Check> = new Map([
  ...givenFields(['track', 'log']),
  ...perCallContextFields(),
  ['onEvent', hook],
  ['response', anything],
]);

/**
 * Checks every field of `input` against `checks` and returns it (not copied: this runs on every
 * call); throws `optionError` naming the first bad, unknown or missing field.
 */
function validate<T>(
  input: unknown,
  checks: ReadonlyMap<string, Check>,
  required: readonly string[],
  caller: string,
  what: string,
): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw optionError(caller, what, `must be an object, got ${describeValue(input)}`);
  }
  const source = input as Record<string, unknown>;
  for (const key in source) {
    const check = checks.get(key);
    if (check === undefined) {
      if (!Object.hasOwn(source, key)) continue;
      throw unknownOptionError(caller, what, key, checks.keys());
    }
    const value = source[key];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem !== undefined) throw optionError(caller, key, problem);
  }
  for (const key of required) {
    if (source[key] === undefined) throw optionError(caller, key, 'is required');
  }
  return source as T;
}

/** Checks that `logger` can write lines (`info` and `error` methods); throws `optionError` if not. */
export function validateLogger(logger: unknown, caller: string): void {
  const candidate = logger as { info?: unknown; error?: unknown } | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.info !== 'function' ||
    typeof candidate.error !== 'function'
  ) {
    throw optionError(
      caller,
      'logger',
      `must be a pino logger (with info and error methods), got ${describeValue(logger)}`,
    );
  }
}

const LOG_REQUIRED = ['model', 'provider', 'latencyMs'] as const;
const TRACK_REQUIRED = ['model', 'provider'] as const;

/** Validates `logLlmCall`'s call; throws `ContextValidationError` naming the field. */
export function validateLlmCall(input: unknown): LlmCall {
  return validate<LlmCall>(input, LOG_CHECKS, LOG_REQUIRED, 'logLlmCall', 'call');
}

/**
 * Validates `trackLlmCall`'s options (or those a wrapped client or an integration, `caller`,
 * builds for a call); throws `ContextValidationError` naming the field.
 */
export function validateTrackOptions(input: unknown, caller = 'trackLlmCall'): TrackLlmCallOptions {
  return validate<TrackLlmCallOptions>(input, TRACK_CHECKS, TRACK_REQUIRED, caller, 'options');
}

const INTEGRATION_CHECKS: ReadonlyMap<string, Check> = new Map([
  ['logger', anything],
  ['provider', checkOf(EVENT_FIELDS.provider)],
  ['operation', checkOf(EVENT_FIELDS.operation)],
  ['onEvent', hook],
]);

/**
 * Validates the options of a framework integration (`leanllmMiddleware`,
 * `LeanLLMCallbackHandler`): `{ logger, provider?, operation?, onEvent? }`; throws
 * `ContextValidationError` naming `caller` and the option.
 */
export function validateIntegrationOptions<T>(input: unknown, caller: string): T {
  const valid = validate<T & { logger: unknown }>(
    input,
    INTEGRATION_CHECKS,
    ['logger'],
    caller,
    'options',
  );
  validateLogger(valid.logger, caller);
  return valid;
}

/**
 * Validates the per-call defaults a wrapped client is given (`provider`, `onEvent`, ...: what
 * `trackLlmCall` takes, except what each request says); throws `ContextValidationError` naming
 * `caller` and the field.
 */
export function validateCallDefaults(
  input: unknown,
  caller: string,
): Omit<TrackLlmCallOptions, 'model' | 'operation' | 'prompt'> {
  return validate(input, DEFAULT_CHECKS, [], caller, 'options');
}
