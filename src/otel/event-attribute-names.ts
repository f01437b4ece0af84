/**
 * The OpenTelemetry attribute names of the LLM call event fields. Pure data (no imports from
 * `@opentelemetry/*`): the OTLP export (`leanllm-logs --format otlp`) names span attributes with
 * it. The GenAI semantic-conventions name where one exists (`@opentelemetry/semantic-conventions`
 * 1.45.0), a `leanllm.*` name where none does; `docs/otel.md` has the table. `error` is not an
 * attribute: it becomes the span status and `error.type`.
 */
import type { EVENT_LOG_KEYS } from '../log-keys.js';

type EventFieldName = Exclude<keyof typeof EVENT_LOG_KEYS, 'error'>;

/** Each event field's attribute name (the context fields use `OTEL_ATTRIBUTE_NAMES`). */
export const OTEL_EVENT_ATTRIBUTE_NAMES = {
  eventVersion: 'leanllm.event_version',
  eventId: 'leanllm.event_id',
  correlationId: 'gen_ai.conversation.id',
  parentRequestId: 'leanllm.parent_request_id',
  model: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  provider: 'gen_ai.provider.name',
  operation: 'gen_ai.operation.name',
  status: 'leanllm.status',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  totalTokens: 'leanllm.usage.total_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheWriteTokens: 'gen_ai.usage.cache_creation.input_tokens',
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens',
  cost: 'leanllm.cost_usd',
  costSource: 'leanllm.cost_source',
  priceTable: 'leanllm.price_table',
  latencyMs: 'leanllm.latency_ms',
  ttftMs: 'leanllm.ttft_ms',
  stream: 'leanllm.stream',
  toolCalls: 'leanllm.tool_calls',
  sampleRate: 'leanllm.sample_rate',
  prompt: 'leanllm.prompt',
  completion: 'leanllm.completion',
} as const satisfies Record<EventFieldName, string>;

/** The semantic-conventions attribute of a failed call's error class (stable). */
export const OTEL_ERROR_TYPE = 'error.type';
