/**
 * The keys leanllm-context writes on log lines, shared by the writers (pino integration, LLM
 * call events) and the readers (graph, CLI). Pure data: no imports, safe for the browser entry.
 */

/** Context fields: their TypeScript names and the keys they carry on a log line. */
export const CONTEXT_LOG_KEYS = {
  sessionId: 'session_id',
  requestId: 'request_id',
  modelId: 'model_id',
  samplingIteration: 'sampling_iteration',
  userId: 'user_id',
  feature: 'feature',
  environment: 'environment',
  correlationId: 'correlation_id',
  parentRequestId: 'parent_request_id',
  section: 'section_path',
  tags: 'tags',
} as const;

/** The `event` value and message of an LLM call line. */
export const LLM_CALL_EVENT = 'llm.call';

/** The version of the LLM call line format, written as `event_version`. */
export const LLM_EVENT_VERSION = 1;

/**
 * LLM call event fields: their `LlmEvent` names and their keys on the `llm.call` line. Context
 * fields an event also carries (session, user, feature, ...) use `CONTEXT_LOG_KEYS`;
 * `time` is pino's own `time` key.
 */
export const EVENT_LOG_KEYS = {
  eventVersion: 'event_version',
  eventId: 'event_id',
  correlationId: 'correlation_id',
  parentRequestId: 'parent_request_id',
  model: 'model',
  responseModel: 'response_model',
  provider: 'provider',
  operation: 'operation',
  status: 'status',
  error: 'error',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  totalTokens: 'total_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  reasoningTokens: 'reasoning_tokens',
  cost: 'cost',
  costSource: 'cost_source',
  priceTable: 'price_table',
  latencyMs: 'latency_ms',
  ttftMs: 'ttft_ms',
  stream: 'stream',
  toolCalls: 'tool_calls',
  sampleRate: 'sample_rate',
  prompt: 'prompt',
  completion: 'completion',
} as const;
