import { deriveFrame, type Frame } from '../context/frame.js';
import { generateRequestId } from '../context/ids.js';
import { optionError } from '../context/option-error.js';
import { snapshotOf } from '../context/snapshot.js';
import { currentFrame, state, storage } from '../context/state.js';
import { describeThrown, warnOnce } from '../warnings.js';
import { readResponse } from './adapters/read-response.js';
import { streamReader } from './adapters/read-stream.js';
import type { ResponseFacts, StreamReader } from './adapters/response-facts.js';
import { emitEvent } from './emit.js';
import { errorInfo } from './error-info.js';
import type { LlmStatus } from './event.js';
import { type Lineage, resolveLineage } from './lineage.js';
import { type TrackLlmCallOptions, validateLogger, validateTrackOptions } from './options.js';
import { isAsyncIterable, observeStream, type StreamObserver } from './stream.js';
import type { LlmLogger } from './write.js';

const NOTHING: ResponseFacts = Object.freeze({});

/** Reports, once, that a call could not be recorded (the call itself goes on). */
export function reportTrackingFailure(error: unknown): void {
  warnOnce(
    'LEANLLM_TRACKING_FAILED',
    `an LLM call could not be recorded (${describeThrown(error)}); the call is not affected`,
  );
}

/**
 * One call in flight: started when `trackLlmCall` (or a wrapped SDK client's method) is called,
 * ended once. Internal: the wrappers of src/capture/ drive it the way `trackLlmCall` does.
 */
export class InFlightCall implements StreamObserver {
  readonly eventId = generateRequestId();
  readonly started = performance.now();
  readonly captureText = state.config.captureContent !== false;
  /** The scope `fn` runs in: `requestId` and `callId` are this call, with a chain of its own. */
  readonly scope: Frame;
  private ended = false;
  private reader: StreamReader | undefined;
  private ttftMs: number | undefined;

  /** The options as they were when the call started (the caller may reuse its object). */
  private readonly options: Readonly<
    Omit<TrackLlmCallOptions, 'correlationId' | 'parentRequestId'>
  >;

  constructor(
    private readonly logger: LlmLogger,
    options: TrackLlmCallOptions,
    /** The caller's scope: the line carries its context. */
    private readonly frame: Frame,
    private readonly lineage: Lineage,
  ) {
    const { model, provider, operation, prompt, onEvent } = options;
    this.options = { model, provider, operation, prompt, onEvent };
    const { eventId } = this;
    const { correlationId } = lineage;
    this.scope = deriveFrame(
      frame,
      { requestId: eventId, correlationId },
      { callId: eventId, chain: { correlationId, lastRequestId: undefined } },
    );
  }

  /** Runs `fn` in the call's scope (`requestId` = this call), as the provider call. */
  run<R>(fn: () => R): R {
    return storage.run(this.scope, fn);
  }

  /**
   * `result` once it settles, handed to `succeed`; a rejection ends the call as an error and is
   * rethrown as it is.
   */
  settle<R>(result: R): Promise<Awaited<R>> {
    return Promise.resolve(result).then(
      (value) => this.succeed(value),
      (error: unknown) => {
        this.end('error', error);
        throw error;
      },
    );
  }

  /** The call returned `result`: a stream is handed back observed, anything else ends the call. */
  succeed<R>(result: R): R {
    if (isAsyncIterable(result)) {
      this.reader = streamReader(this.captureText);
      return observeStream(result, this) as R;
    }
    let reading = NOTHING;
    try {
      reading = readResponse(result, this.captureText);
    } catch (error) {
      reportTrackingFailure(error);
    }
    this.end('ok', undefined, reading);
    return result;
  }

  chunk(value: unknown): void {
    try {
      const output = (this.reader as StreamReader).read(value);
      if (output && this.ttftMs === undefined) this.ttftMs = performance.now() - this.started;
    } catch (error) {
      reportTrackingFailure(error);
    }
  }

  end(status: LlmStatus, error?: unknown, reading?: ResponseFacts): void {
    if (this.ended) return;
    this.ended = true;
    const latencyMs = performance.now() - this.started;
    try {
      const { options } = this;
      const stream = this.reader !== undefined;
      const read = stream ? (this.reader as StreamReader).result() : (reading ?? NOTHING);
      const failed = status === 'error' || read.error !== undefined;
      emitEvent(
        this.logger,
        {
          eventId: this.eventId,
          model: options.model,
          provider: options.provider,
          operation: options.operation,
          status: failed ? 'error' : status,
          error: status === 'error' ? errorInfo(error) : read.error,
          latencyMs,
          ttftMs: this.ttftMs,
          stream: stream ? true : undefined,
          prompt: options.prompt,
          completion: read.completion,
          reading: read,
        },
        this.lineage,
        this.frame,
        options.onEvent,
      );
    } catch (failure) {
      reportTrackingFailure(failure);
    }
  }
}

/**
 * Starts a call now, in the current scope: validates `logger` and `options` (a `TypeError`
 * naming `caller` and the field when they are wrong) and resolves the call's lineage.
 */
export function startLlmCall(
  logger: LlmLogger,
  options: TrackLlmCallOptions,
  caller: string,
): InFlightCall {
  validateLogger(logger, caller);
  const valid = validateTrackOptions(options, caller);
  const frame = currentFrame();
  const lineage = resolveLineage(frame, snapshotOf(frame), valid, state.config.autoChain);
  return new InFlightCall(logger, valid, frame, lineage);
}

/**
 * Runs an LLM call, times it and writes one `llm.call` line for it, then returns what the call
 * returned (or rethrows what it threw, the same object). `fn` runs in a scope where
 * `requestId` is the new event id, so nested calls name it as their parent and log lines
 * written inside carry it. Usage, model and tool calls are read from the response: OpenAI chat
 * completions, Responses API and embeddings, Anthropic messages, Google `generateContent`
 * (plain or streamed), or a plain `{ inputTokens, outputTokens }`. To log every call of an SDK
 * client without wrapping each one, see `wrapOpenAI`, `wrapAnthropic` and `wrapGoogleGenAI`.
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
  let result: R;
  try {
    result = call.run(fn);
  } catch (error) {
    call.end('error', error);
    return Promise.reject(error);
  }
  return call.settle(result);
}
