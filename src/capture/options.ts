import { optionError } from '../context/option-error.js';
import { describeValue, validateContextFields } from '../context/schema.js';
import {
  type TrackLlmCallOptions,
  validateCallDefaults,
  validateLogger,
} from '../events/options.js';
import { PER_CALL_CONTEXT_FIELDS, type PerCallContext } from '../events/per-call-context.js';
import type { LlmLogger } from '../events/write.js';

/**
 * Options of `wrapOpenAI`, `wrapAnthropic` and `wrapGoogleGenAI`: the logger the `llm.call`
 * lines go to, and defaults for every call the client makes (what `trackLlmCall` takes, except
 * the model, operation and prompt, which each request gives).
 *
 * @example
 * ```ts
 * const options: WrapClientOptions = { logger, provider: 'groq', streamUsage: true };
 * ```
 */
export interface WrapClientOptions
  extends Omit<TrackLlmCallOptions, 'model' | 'provider' | 'operation' | 'prompt'> {
  /** Where the lines go: a pino logger (or child, or `contextLogger`). */
  readonly logger: LlmLogger;
  /**
   * Who serves the calls: `openai`, `anthropic` and `google` by default; name the provider an
   * OpenAI-compatible client points at (`groq`, `openrouter`, `deepseek`, `azure`, ...).
   */
  readonly provider?: string;
  /**
   * OpenAI only: ask every streamed chat completion for its usage
   * (`stream_options.include_usage`), which adds a last chunk with no choices. Off by default; a
   * request that sets `include_usage` itself keeps its value.
   */
  readonly streamUsage?: boolean;
}

/** The per-call defaults a wrapped client applies: `trackLlmCall`'s options but those of each request. */
export type CallDefaults = Omit<TrackLlmCallOptions, 'model' | 'operation' | 'prompt'> & {
  readonly provider: string;
};

/** What a wrapped client knows for every call it makes. */
export interface CaptureSettings {
  /** The public function that wrapped the client, for messages. */
  readonly caller: string;
  readonly logger: LlmLogger;
  readonly streamUsage: boolean;
  readonly defaults: CallDefaults;
  /** The context fields given as defaults (`feature`, `tags`, ...), or undefined when none is. */
  readonly context: PerCallContext | undefined;
}

/**
 * The settings of a client wrapped by `caller` (`wrapOpenAI`, ...), copied from `options` once;
 * throws `ContextValidationError` (`<function>: <option> <what is wrong>`) when the client or an
 * option is wrong.
 */
export function captureSettings(
  client: unknown,
  options: WrapClientOptions,
  caller: string,
  provider: string,
): CaptureSettings {
  if (typeof client !== 'object' || client === null) {
    throw optionError(
      caller,
      'client',
      `must be an SDK client object, got ${describeValue(client)}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw optionError(
      caller,
      'options',
      `must be an object with a logger, got ${describeValue(options)}`,
    );
  }
  const { logger, streamUsage, ...rest } = options;
  validateLogger(logger, caller);
  if (streamUsage !== undefined && typeof streamUsage !== 'boolean') {
    throw optionError(
      caller,
      'streamUsage',
      `must be a boolean, got ${describeValue(streamUsage)}`,
    );
  }
  const defaults = { ...validateCallDefaults(rest, caller) };
  const context: Record<string, unknown> = {};
  for (const name of PER_CALL_CONTEXT_FIELDS) {
    const value = (defaults as Record<string, unknown>)[name];
    if (value !== undefined) context[name] = value;
  }
  return {
    caller,
    logger,
    streamUsage: streamUsage === true,
    defaults: { ...defaults, provider: defaults.provider ?? provider },
    context:
      Object.keys(context).length > 0
        ? (validateContextFields(context) as PerCallContext)
        : undefined,
  };
}
