import { z } from 'zod';
import { LLM_EVENT_VERSION } from '../fields/event-fields.js';

const count = z.number().int().nonnegative();
const text = z.string().min(1);

/**
 * One tool call a model asked for, as the provider sent it: `arguments` is the raw JSON text
 * (parse it at read time with `parseToolCalls`).
 *
 * @example
 * ```ts
 * const call: ToolCall = { id: 'call_1', name: 'search', arguments: '{"q":"pino"}' };
 * ```
 */
export const ToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.string(),
});

/** A tool call as logged: `{ id, name, arguments }` with the provider's argument text. */
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** Why a call failed: the error's type (class name or provider code), message, and HTTP status when known. */
export const LlmErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
});

/**
 * How a call ended: `ok`, `error` (it threw or the stream failed), or `cancelled` (the consumer
 * stopped reading a streamed response before its end).
 */
export const LlmStatusSchema = z.enum(['ok', 'error', 'cancelled']);

/**
 * The schema of one LLM call event (camelCase), as `logLlmCall` returns it and the graph takes
 * it. On the log line every field is written under its snake_case key (`docs/events.md`).
 * Units: tokens are counts, `cost` is USD, `latencyMs`/`ttftMs` are milliseconds, `time` is
 * milliseconds since the epoch when the call ended.
 *
 * @example
 * ```ts
 * import { LlmEventSchema } from 'leanllm-context';
 *
 * const event = LlmEventSchema.parse(untrusted); // throws a ZodError naming the bad field
 * ```
 */
export const LlmEventSchema = z.object({
  eventVersion: z.literal(LLM_EVENT_VERSION),
  eventId: text,
  correlationId: text,
  parentRequestId: text.optional(),
  time: z.number(),
  model: text,
  responseModel: text.optional(),
  provider: text,
  operation: text.optional(),
  status: LlmStatusSchema,
  error: LlmErrorSchema.optional(),
  inputTokens: count.optional(),
  outputTokens: count.optional(),
  totalTokens: count.optional(),
  cacheReadTokens: count.optional(),
  cacheWriteTokens: count.optional(),
  cacheWrite1hTokens: count.optional(),
  reasoningTokens: count.optional(),
  serviceTier: text.optional(),
  cost: z.number().nonnegative().optional(),
  costSource: z.enum(['provider', 'table']).optional(),
  priceTable: text.optional(),
  latencyMs: z.number().nonnegative(),
  ttftMs: z.number().nonnegative().optional(),
  stream: z.boolean().optional(),
  toolCalls: z.array(ToolCallSchema),
  sampleRate: z.number().gt(0).lt(1).optional(),
  /** `true` on an error kept although sampling drops its correlation (its parent is likely absent). */
  sampledOut: z.boolean().optional(),
  prompt: z.string().optional(),
  completion: z.string().optional(),
  // The context the call was made in (written by the logger's context integration).
  sessionId: text.optional(),
  requestId: text.optional(),
  modelId: text.optional(),
  samplingIteration: count.optional(),
  userId: text.optional(),
  feature: text.optional(),
  environment: text.optional(),
  section: text.optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/**
 * One LLM call (camelCase): what `logLlmCall` and `trackLlmCall` write and return, what
 * `parseLogLine` reads back and `buildExecutionGraphs` takes.
 *
 * @example
 * ```ts
 * const event: LlmEvent = logLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 812 });
 * event.eventId; // 'V1StGXR8_Z5jdHi6B-myT'
 * ```
 */
export type LlmEvent = z.infer<typeof LlmEventSchema>;
