import { type CONTEXT_LOG_KEYS, OTEL_TAG_PREFIX } from '../fields/context-fields.js';
import { type EVENT_LOG_KEYS, LLM_CALL_EVENT } from '../fields/event-fields.js';
import { LINE_FIELDS } from '../fields/line-fields.js';
import type { LlmEvent } from './schema.js';

/** A key of the line: the compiler checks every key written below against the registry (`src/fields/`). */
type LineKey =
  | 'event'
  | (typeof EVENT_LOG_KEYS)[keyof typeof EVENT_LOG_KEYS]
  | (typeof CONTEXT_LOG_KEYS)[keyof typeof CONTEXT_LOG_KEYS];

/**
 * The `llm.call` line object for pino: `event: "llm.call"`, then every field of `event` that is
 * set, under its snake_case key (`EVENT_LOG_KEYS`, `CONTEXT_LOG_KEYS`), in the event's order;
 * `correlationId` and `parentRequestId` are the event's. `time` is left to pino (its own `time`
 * key). `tags` is copied, so a merge strategy writing into the line cannot touch the event.
 * Each field is stored by name: this runs once per call, and V8 turns an object that gets more
 * than a dozen keys through computed stores into a slow dictionary, which pino then serializes.
 */
export function toLine(e: LlmEvent): { [K in LineKey]?: unknown } {
  const line: { [K in LineKey]?: unknown } = { event: LLM_CALL_EVENT };
  line.event_version = e.eventVersion;
  line.event_id = e.eventId;
  line.correlation_id = e.correlationId;
  if (e.parentRequestId !== undefined) line.parent_request_id = e.parentRequestId;
  line.model = e.model;
  if (e.responseModel !== undefined) line.response_model = e.responseModel;
  line.provider = e.provider;
  if (e.operation !== undefined) line.operation = e.operation;
  line.status = e.status;
  if (e.error !== undefined) line.error = e.error;
  if (e.inputTokens !== undefined) line.input_tokens = e.inputTokens;
  if (e.outputTokens !== undefined) line.output_tokens = e.outputTokens;
  if (e.totalTokens !== undefined) line.total_tokens = e.totalTokens;
  if (e.cacheReadTokens !== undefined) line.cache_read_tokens = e.cacheReadTokens;
  if (e.cacheWriteTokens !== undefined) line.cache_write_tokens = e.cacheWriteTokens;
  if (e.cacheWrite1hTokens !== undefined) line.cache_write_1h_tokens = e.cacheWrite1hTokens;
  if (e.reasoningTokens !== undefined) line.reasoning_tokens = e.reasoningTokens;
  if (e.serviceTier !== undefined) line.service_tier = e.serviceTier;
  if (e.cost !== undefined) line.cost = e.cost;
  if (e.costSource !== undefined) line.cost_source = e.costSource;
  if (e.priceTable !== undefined) line.price_table = e.priceTable;
  line.latency_ms = e.latencyMs;
  if (e.ttftMs !== undefined) line.ttft_ms = e.ttftMs;
  if (e.stream !== undefined) line.stream = e.stream;
  line.tool_calls = e.toolCalls;
  if (e.sampleRate !== undefined) line.sample_rate = e.sampleRate;
  if (e.sampledOut !== undefined) line.sampled_out = e.sampledOut;
  if (e.prompt !== undefined) line.prompt = e.prompt;
  if (e.completion !== undefined) line.completion = e.completion;
  if (e.sessionId !== undefined) line.session_id = e.sessionId;
  if (e.requestId !== undefined) line.request_id = e.requestId;
  if (e.modelId !== undefined) line.model_id = e.modelId;
  if (e.samplingIteration !== undefined) line.sampling_iteration = e.samplingIteration;
  if (e.userId !== undefined) line.user_id = e.userId;
  if (e.feature !== undefined) line.feature = e.feature;
  if (e.environment !== undefined) line.environment = e.environment;
  if (e.section !== undefined) line.section_path = e.section;
  if (e.tags !== undefined) line.tags = { ...e.tags };
  return line;
}

/**
 * The `llm.call` line under OpenTelemetry names (`keys: 'otel'`): the event fields as
 * `OTEL_EVENT_ATTRIBUTE_NAMES` (`gen_ai.request.model`, `gen_ai.usage.input_tokens`, ...), the
 * context as `OTEL_ATTRIBUTE_NAMES` (`session.id`, ...), a `leanllm.tag.<key>` per tag; `event`
 * and `error` (`{ type, message, status? }`) keep their names. The context's `modelId` is left
 * out: the call's own `model` is `gen_ai.request.model`.
 */
export function toOtelLine(e: LlmEvent): Record<string, unknown> {
  const line: Record<string, unknown> = { event: LLM_CALL_EVENT };
  for (const [field, key] of OTEL_LINE_KEYS) {
    const value = e[field];
    if (value !== undefined) line[key] = value;
  }
  for (const [key, value] of Object.entries(e.tags ?? {})) line[`${OTEL_TAG_PREFIX}${key}`] = value;
  return line;
}

/**
 * The event fields and their keys on an OpenTelemetry-named line, in the line's order (the
 * registry's `otelKey`): `time` is pino's, tags are one key each, and the context's `modelId`
 * is not there.
 */
const OTEL_LINE_KEYS: ReadonlyArray<readonly [keyof LlmEvent, string]> = LINE_FIELDS.flatMap(
  ({ name, spec, otelKey }) =>
    otelKey === undefined || spec.kind === 'time' || spec.kind === 'map'
      ? []
      : [[name, otelKey] as const],
);
