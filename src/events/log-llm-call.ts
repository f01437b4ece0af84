import { generateRequestId } from '../context/ids.js';
import { snapshotOf } from '../context/snapshot.js';
import { currentFrame, state } from '../context/state.js';
import { readResponse } from './adapters/read-response.js';
import type { ResponseFacts } from './adapters/response-facts.js';
import { emitEvent } from './emit.js';
import { errorInfo } from './error-info.js';
import type { CallFacts } from './event.js';
import { resolveLineage } from './lineage.js';
import { type LlmCall, validateLlmCall, validateLogger } from './options.js';
import { perCallContext } from './per-call-context.js';
import type { LlmEvent } from './schema.js';
import type { LlmLogger } from './write.js';

const NOTHING: ResponseFacts = Object.freeze({});

/**
 * Writes one `llm.call` line for a call the application made and timed itself, and returns its
 * event (camelCase, exactly what the line says, context fields included). Fields not given are
 * read from `response` (OpenAI chat completions and Responses API, Anthropic messages, plain
 * `{ inputTokens, outputTokens }`); the cost comes from the price table unless the provider
 * reported one. The line is written at `info` (`error` when the call failed), inside the
 * current context, linked to its parent: per-call `parentRequestId`, else the enclosing
 * in-flight call, else the previous call of the correlation scope (auto-chain), else the
 * context's. A bad call is a `TypeError` naming the field; a failing logger never throws here.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { contextMixin, logLlmCall, trace } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * await trace(async () => {
 *   const started = performance.now();
 *   const response = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
 *   const event = logLlmCall(logger, {
 *     model: 'gpt-4o-mini',
 *     provider: 'openai',
 *     latencyMs: performance.now() - started,
 *     response,
 *   });
 *   event.cost; // 0.000243 (USD)
 * });
 * ```
 */
export function logLlmCall(logger: LlmLogger, call: LlmCall): LlmEvent {
  validateLogger(logger, 'logLlmCall');
  const input = validateLlmCall(call);
  const frame = currentFrame();
  const perCall = perCallContext(input, frame);
  const config = state.config;
  const lineage = resolveLineage(frame, snapshotOf(frame), input, config.autoChain);
  const read =
    input.response === undefined
      ? NOTHING
      : readResponse(input.response, config.captureContent !== false);
  // A total the response reported no longer adds up once the caller corrects a count.
  const corrected = input.inputTokens !== undefined || input.outputTokens !== undefined;
  const facts: CallFacts = {
    eventId: input.eventId ?? generateRequestId(),
    model: input.model,
    provider: input.provider,
    operation: input.operation,
    status:
      input.status ?? (input.error === undefined && read.error === undefined ? 'ok' : 'error'),
    error: input.error === undefined ? read.error : errorInfo(input.error),
    latencyMs: input.latencyMs,
    ttftMs: input.ttftMs,
    stream: input.stream,
    prompt: input.prompt,
    completion: input.completion ?? read.completion,
    reading: {
      responseModel: input.responseModel ?? read.responseModel,
      inputTokens: input.inputTokens ?? read.inputTokens,
      outputTokens: input.outputTokens ?? read.outputTokens,
      totalTokens: input.totalTokens ?? (corrected ? undefined : read.totalTokens),
      cacheReadTokens: input.cacheReadTokens ?? read.cacheReadTokens,
      cacheWriteTokens: input.cacheWriteTokens ?? read.cacheWriteTokens,
      cacheWrite1hTokens: input.cacheWrite1hTokens ?? read.cacheWrite1hTokens,
      reasoningTokens: input.reasoningTokens ?? read.reasoningTokens,
      serviceTier: input.serviceTier ?? read.serviceTier,
      cost: input.cost ?? read.cost,
      toolCalls: input.toolCalls === undefined ? read.toolCalls : [...input.toolCalls],
    },
  };
  return emitEvent(logger, facts, lineage, frame, input.onEvent, perCall);
}
