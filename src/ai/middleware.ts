import {
  type InFlightCall,
  reportTrackingFailure,
  startLlmCall,
} from '../events/in-flight-call.js';
import { type LlmEventHook, validateIntegrationOptions } from '../events/options.js';
import type { LlmLogger } from '../events/write.js';
import { readableOf } from './readable.js';

/**
 * Options of `leanllmMiddleware`.
 *
 * @example
 * ```ts
 * const options: LeanLLMMiddlewareOptions = { logger, provider: 'openrouter' };
 * ```
 */
export interface LeanLLMMiddlewareOptions {
  /** The pino logger the `llm.call` lines go to (a `contextLogger` fits too). */
  readonly logger: LlmLogger;
  /** The line's `provider`; by default the model's own, before its first dot (`openai.chat` → `openai`). */
  readonly provider?: string;
  /** The line's `operation`; `chat` by default. */
  readonly operation?: string;
  /** Called with every event. */
  readonly onEvent?: LlmEventHook;
}

/** What the middleware reads of the model it wraps (`LanguageModelV3` and `V4` both fit). */
export interface WrappedLanguageModel {
  readonly provider: string;
  readonly modelId: string;
}

/** What the middleware reads of a call's parameters: the prompt, captured only when configured. */
export interface LanguageModelCallParams {
  readonly prompt?: unknown;
}

/**
 * A Vercel AI SDK language-model middleware: assignable to `LanguageModelV3Middleware` (`ai` 6)
 * and to `ai` 7's `LanguageModelMiddleware` (specification v4, which takes any
 * `specificationVersion`). Both specifications hand the middleware the same shapes.
 *
 * @example
 * ```ts
 * const middleware: LeanLLMMiddleware = leanllmMiddleware({ logger });
 * ```
 */
export interface LeanLLMMiddleware {
  readonly specificationVersion: 'v3';
  wrapGenerate<R>(options: {
    doGenerate: () => PromiseLike<R>;
    params: LanguageModelCallParams;
    model: WrappedLanguageModel;
  }): Promise<R>;
  wrapStream<R extends { readonly stream: ReadableStream<unknown> }>(
    options: StreamCall<R>,
  ): Promise<R>;
}

/** What `wrapStream` is given. */
export interface StreamCall<R> {
  doStream: () => PromiseLike<R>;
  params: LanguageModelCallParams;
  model: WrappedLanguageModel;
}

/** `provider` as the model names it, before its first dot: `openai.chat` → `openai`. */
function providerOf(model: WrappedLanguageModel): string {
  const name = String(model.provider);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * A language-model middleware for `wrapLanguageModel({ model, middleware })` that writes one
 * `llm.call` line per model call, as `trackLlmCall` would: `generateText`, `streamText`,
 * `generateObject`, `streamObject`, tool calls, every step of a multi-step agent loop (each
 * step is one call: inside `trace()` the steps chain one after the other, inside a tracked call
 * they are its children), cached, cache-write and reasoning tokens, the time to the first
 * output of a stream, and errors (a 429, a 500, a failure mid-stream) as error lines. A
 * stream the consumer cancels is `cancelled`. Nothing the logger does can fail the call: a
 * model whose name cannot be a line's `model` is called untracked (reported once as a process
 * warning). Invalid options throw a `ContextValidationError` (a `TypeError`) naming the option.
 *
 * @example
 * ```ts
 * import { createOpenAI } from '@ai-sdk/openai';
 * import { generateText, wrapLanguageModel } from 'ai';
 * import pino from 'pino';
 * import { contextMixin, trace } from 'leanllm-context';
 * import { leanllmMiddleware } from 'leanllm-context/ai';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const model = wrapLanguageModel({
 *   model: createOpenAI()('gpt-4o-mini'),
 *   middleware: leanllmMiddleware({ logger }),
 * });
 * await trace(() => generateText({ model, prompt: 'Capital of France?' }));
 * ```
 */
export function leanllmMiddleware(options: LeanLLMMiddlewareOptions): LeanLLMMiddleware {
  const {
    logger,
    provider,
    operation = 'chat',
    onEvent,
  } = validateIntegrationOptions<LeanLLMMiddlewareOptions>(options, 'leanllmMiddleware');

  function start(model: WrappedLanguageModel, params: LanguageModelCallParams) {
    try {
      return startLlmCall(
        logger,
        {
          model: String(model.modelId),
          provider: provider ?? providerOf(model),
          operation,
          prompt: params.prompt,
          onEvent,
        },
        'leanllmMiddleware',
      );
    } catch (error) {
      reportTrackingFailure(error);
      return undefined;
    }
  }

  return {
    specificationVersion: 'v3',
    wrapGenerate({ doGenerate, params, model }) {
      const call = start(model, params);
      return call === undefined ? Promise.resolve(doGenerate()) : call.track(doGenerate);
    },
    async wrapStream<R extends { readonly stream: ReadableStream<unknown> }>({
      doStream,
      params,
      model,
    }: StreamCall<R>): Promise<R> {
      const call: InFlightCall | undefined = start(model, params);
      if (call === undefined) return doStream();
      let started: R;
      try {
        started = (await call.run(doStream)) as R;
      } catch (error) {
        call.end('error', error);
        throw error;
      }
      // The parts pass unchanged; the line is written when the stream ends, fails or is cancelled.
      return {
        ...started,
        stream: readableOf(call.succeed(started.stream as unknown as AsyncIterable<unknown>)),
      };
    },
  };
}
