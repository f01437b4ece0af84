import type { FieldSpec } from './field.js';

/** The `event` value and message of an LLM call line. */
export const LLM_CALL_EVENT = 'llm.call';

/** The version of the LLM call line format, written as `event_version`. */
export const LLM_EVENT_VERSION = 1;

/** The semantic-conventions attribute of a failed call's error class (stable). */
export const OTEL_ERROR_TYPE = 'error.type';

const TOKENS = { kind: 'count', unit: 'tokens', otlp: 'int' } as const;

/**
 * Every field of an LLM call event that is not a context field, once, in `LlmEvent` order: its
 * key on the `llm.call` line, its OpenTelemetry name (the GenAI semantic-conventions name where
 * one exists, `@opentelemetry/semantic-conventions` 1.45.0; a `leanllm.*` name where none does;
 * `docs/otel.md` has the table), kind, unit, OTLP type and label. `correlationId` and
 * `parentRequestId` are the call's lineage (the context has fields of the same names and keys).
 * `time` is pino's own `time` key; `error` keeps its name on an OpenTelemetry-named line and
 * becomes the span's status and `error.type` in OTLP.
 */
// biome-ignore format: one line per field keeps the registry a table
export const EVENT_FIELDS = {
  eventVersion: { logKey: 'event_version', otel: 'leanllm.event_version', kind: 'version', otlp: 'none', label: 'Event version', detailRow: false },
  eventId: { logKey: 'event_id', otel: 'leanllm.event_id', kind: 'id', otlp: 'string', label: 'Event id', required: true, givenBy: 'log' },
  correlationId: { logKey: 'correlation_id', otel: 'gen_ai.conversation.id', kind: 'id', otlp: 'string', label: 'Correlation', detailRow: false, required: true, givenBy: 'track' },
  parentRequestId: { logKey: 'parent_request_id', otel: 'leanllm.parent_request_id', kind: 'id', otlp: 'string', label: 'Parent', givenBy: 'track' },
  time: { logKey: 'time', kind: 'time', unit: 'milliseconds since the epoch', otlp: 'span', label: 'Ended', detailRow: false, required: true },
  model: { logKey: 'model', otel: 'gen_ai.request.model', kind: 'text', otlp: 'string', label: 'Model', detailRow: false, required: true, givenBy: 'track' },
  responseModel: { logKey: 'response_model', otel: 'gen_ai.response.model', kind: 'text', otlp: 'string', label: 'Response model', givenBy: 'log' },
  provider: { logKey: 'provider', otel: 'gen_ai.provider.name', kind: 'text', otlp: 'string', label: 'Provider', required: true, givenBy: 'track' },
  operation: { logKey: 'operation', otel: 'gen_ai.operation.name', kind: 'text', otlp: 'string', label: 'Operation', givenBy: 'track' },
  status: { logKey: 'status', otel: 'leanllm.status', kind: 'enum', values: ['ok', 'error', 'cancelled'], otlp: 'string', label: 'Status', required: true, givenBy: 'log' },
  error: { logKey: 'error', kind: 'error', otlp: 'span', label: 'Error', detailRow: false, givenBy: 'log' },
  inputTokens: { logKey: 'input_tokens', otel: 'gen_ai.usage.input_tokens', ...TOKENS, label: 'Input tokens', givenBy: 'log' },
  outputTokens: { logKey: 'output_tokens', otel: 'gen_ai.usage.output_tokens', ...TOKENS, label: 'Output tokens', givenBy: 'log' },
  totalTokens: { logKey: 'total_tokens', otel: 'leanllm.usage.total_tokens', ...TOKENS, label: 'Total tokens', detailRow: false, givenBy: 'log' },
  cacheReadTokens: { logKey: 'cache_read_tokens', otel: 'gen_ai.usage.cache_read.input_tokens', ...TOKENS, label: 'Cache read tokens', givenBy: 'log' },
  cacheWriteTokens: { logKey: 'cache_write_tokens', otel: 'gen_ai.usage.cache_creation.input_tokens', ...TOKENS, label: 'Cache write tokens', givenBy: 'log' },
  cacheWrite1hTokens: { logKey: 'cache_write_1h_tokens', otel: 'leanllm.usage.cache_write_one_hour_tokens', ...TOKENS, label: 'Cache write tokens (1 hour)', givenBy: 'log' },
  reasoningTokens: { logKey: 'reasoning_tokens', otel: 'gen_ai.usage.reasoning.output_tokens', ...TOKENS, label: 'Reasoning tokens', givenBy: 'log' },
  serviceTier: { logKey: 'service_tier', otel: 'leanllm.service_tier', kind: 'text', otlp: 'string', label: 'Service tier', givenBy: 'log' },
  cost: { logKey: 'cost', otel: 'leanllm.cost_usd', kind: 'money', unit: 'USD', otlp: 'double', label: 'Cost', givenBy: 'log' },
  costSource: { logKey: 'cost_source', otel: 'leanllm.cost_source', kind: 'enum', values: ['provider', 'table'], otlp: 'string', label: 'Cost source' },
  priceTable: { logKey: 'price_table', otel: 'leanllm.price_table', kind: 'text', otlp: 'string', label: 'Price table' },
  latencyMs: { logKey: 'latency_ms', otel: 'leanllm.latency_ms', kind: 'duration', unit: 'milliseconds', otlp: 'span', label: 'Latency', required: true, givenBy: 'log' },
  ttftMs: { logKey: 'ttft_ms', otel: 'leanllm.ttft_ms', kind: 'duration', unit: 'milliseconds', otlp: 'double', label: 'Time to first token', givenBy: 'log' },
  stream: { logKey: 'stream', otel: 'leanllm.stream', kind: 'flag', otlp: 'bool', label: 'Streamed', givenBy: 'log' },
  toolCalls: { logKey: 'tool_calls', otel: 'leanllm.tool_calls', kind: 'list', otlp: 'json', label: 'Tool calls', detailRow: false, givenBy: 'log' },
  sampleRate: { logKey: 'sample_rate', otel: 'leanllm.sample_rate', kind: 'ratio', otlp: 'double', label: 'Sample rate' },
  sampledOut: { logKey: 'sampled_out', otel: 'leanllm.sampled_out', kind: 'flag', otlp: 'bool', label: 'Sampled out' },
  prompt: { logKey: 'prompt', otel: 'leanllm.prompt', kind: 'content', otlp: 'string', label: 'Prompt', detailRow: false, givenBy: 'track' },
  completion: { logKey: 'completion', otel: 'leanllm.completion', kind: 'content', otlp: 'string', label: 'Completion', detailRow: false, givenBy: 'log' },
} as const satisfies Record<string, FieldSpec>;

/** An event field's `LlmEvent` name (the context fields an event carries are apart). */
export type EventFieldName = keyof typeof EVENT_FIELDS;

/** The event fields written by this library (pino writes `time`). */
type WrittenEventFieldName = Exclude<EventFieldName, 'time'>;

/** The event fields with an OpenTelemetry name of their own (not `time`, not `error`). */
type RenamedEventFieldName = Exclude<EventFieldName, 'time' | 'error'>;

/** Every event field name, in `LlmEvent` order. */
export const EVENT_FIELD_NAMES = Object.keys(EVENT_FIELDS) as readonly EventFieldName[];

/**
 * The usage counts a provider reports, then the tier that served the call, in the order every
 * output that lists a call's usage shows them (the total is derived, so not among them).
 */
export const USAGE_FIELD_NAMES: readonly EventFieldName[] = [
  ...EVENT_FIELD_NAMES.filter(
    (name) => name !== 'totalTokens' && (EVENT_FIELDS[name] as FieldSpec).unit === 'tokens',
  ),
  'serviceTier',
];

/**
 * LLM call event fields: their `LlmEvent` names and their keys on the `llm.call` line. Context
 * fields an event also carries (session, user, feature, ...) use `CONTEXT_LOG_KEYS`; `time` is
 * pino's own `time` key.
 */
export const EVENT_LOG_KEYS = Object.fromEntries(
  EVENT_FIELD_NAMES.filter((name) => name !== 'time').map((name) => [
    name,
    EVENT_FIELDS[name].logKey,
  ]),
) as { readonly [K in WrittenEventFieldName]: (typeof EVENT_FIELDS)[K]['logKey'] };

/** Each event field's OpenTelemetry attribute name (the context fields use `OTEL_ATTRIBUTE_NAMES`). */
export const OTEL_EVENT_ATTRIBUTE_NAMES = Object.fromEntries(
  EVENT_FIELD_NAMES.flatMap((name) => {
    const spec: FieldSpec = EVENT_FIELDS[name];
    return spec.otel === undefined ? [] : [[name, spec.otel]];
  }),
) as { readonly [K in RenamedEventFieldName]: (typeof EVENT_FIELDS)[K]['otel'] };
