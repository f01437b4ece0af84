import { deriveFrame, type Frame } from '../context/frame.js';
import { generateRequestId } from '../context/ids.js';
import { optionError } from '../context/option-error.js';
import type { ValidatedFields } from '../context/schema.js';
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
import { perCallContext } from './per-call-context.js';
import { isAsyncIterable, observeStream, type StreamObserver } from './stream.js';
import type { LlmLogger } from './write.js';

const NOTHING: ResponseFacts = Object.freeze({});

function reportTrackingFailure(error: unknown): void {
  warnOnce(
    'LEANLLM_TRACKING_FAILED',
    `an LLM call could not be recorded (${describeThrown(error)}); the call is not affected`,
  );
}

/** One call in flight: started when `trackLlmCall` is called, ended once. */
class InFlightCall implements StreamObserver {
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
    /** The call's own context fields, over the caller's on its line only. */
    private readonly perCall: ValidatedFields | undefined,
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
        this.perCall,
      );
    } catch (failure) {
      reportTrackingFailure(failure);
    }
  }
}

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
    validateLogger(logger, 'trackLlmCall');
    const valid = validateTrackOptions(options);
    if (typeof fn !== 'function') {
      throw optionError('trackLlmCall', 'fn', 'must be a function');
    }
    const frame = currentFrame();
    const perCall = perCallContext(valid, frame);
    const lineage = resolveLineage(frame, snapshotOf(frame), valid, state.config.autoChain);
    call = new InFlightCall(logger, valid, frame, lineage, perCall);
  } catch (error) {
    return Promise.reject(error);
  }
  let result: R;
  try {
    result = storage.run(call.scope, fn);
  } catch (error) {
    call.end('error', error);
    return Promise.reject(error);
  }
  return Promise.resolve(result).then(
    (value) => call.succeed(value),
    (error: unknown) => {
      call.end('error', error);
      throw error;
    },
  );
}
