import { optionError } from '../context/option-error.js';
import { type InFlightCall, startLlmCall } from './in-flight-call.js';
import type { TrackLlmCallOptions } from './options.js';
import type { LlmLogger } from './write.js';

/**
 * Runs an LLM call, times it and writes one `llm.call` line for it, then returns what the call
 * returned (or rethrows what it threw, the same object). `fn` runs in a scope where
 * `requestId` is the new event id, so nested calls name it as their parent and log lines
 * written inside carry it. Usage, model and tool calls are read from the response: OpenAI chat
 * completions and Responses API, Anthropic messages (plain or streamed), or a plain
 * `{ inputTokens, outputTokens }`.
 *
 * A streamed response (anything async-iterable) comes back as the same stream, observed: every
 * chunk passes unchanged, `ttft_ms` is the time to the first chunk carrying output, and the
 * line is written once, when the stream ends (`ok`), fails (`error`) or the consumer stops
 * early (`cancelled`). Nothing the logger does can fail the call.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import pino from 'pino';
 * import { contextMixin, trace, trackLlmCall } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const openai = new OpenAI();
 *
 * await trace(async () => {
 *   const reply = await trackLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai' }, () =>
 *     openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
 *   );
 *   const stream = await trackLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai' }, () =>
 *     openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }),
 *   );
 *   for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * });
 * ```
 */
export function trackLlmCall<R>(
  logger: LlmLogger,
  options: TrackLlmCallOptions,
  fn: () => R,
): Promise<Awaited<R>> {
  let call: InFlightCall;
  try {
    call = startLlmCall(logger, options, 'trackLlmCall');
    if (typeof fn !== 'function') {
      throw optionError('trackLlmCall', 'fn', 'must be a function');
    }
  } catch (error) {
    return Promise.reject(error);
  }
  return call.track(fn);
}
