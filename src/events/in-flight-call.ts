import { deriveFrame, type Frame } from '../context/frame.js';
import { generateRequestId } from '../context/ids.js';
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

/** Whether `error` is the caller aborting the call (an `AbortSignal`: `AbortError`). */
function isAbort(error: unknown): boolean {
  try {
    return (error as { name?: unknown } | null)?.name === 'AbortError';
  } catch {
    return false;
  }
}

/** Reports, once, that a call could not be recorded: the call itself is never affected. */
export function reportTrackingFailure(error: unknown): void {
  warnOnce(
    'LEANLLM_TRACKING_FAILED',
    `an LLM call could not be recorded (${describeThrown(error)}); the call is not affected`,
  );
}

/**
 * One call in flight: started when the call starts (lineage resolved in the caller's scope),
 * ended once. `trackLlmCall` drives it around a function; the framework integrations
 * (`leanllm-context/ai`, `leanllm-context/langchain`) drive it from the framework's own hooks.
 */
export class InFlightCall implements StreamObserver {
  readonly eventId = generateRequestId();
  readonly started = performance.now();
  readonly captureText = state.config.captureContent !== false;
  /** The scope the call runs in: `requestId` and `callId` are this call, with a chain of its own. */
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

  /** The correlation the call belongs to. */
  get correlationId(): string {
    return this.lineage.correlationId;
  }

  /** Runs `fn` in the call's scope (nested calls and log lines name this call). */
  run<R>(fn: () => R): R {
    return storage.run(this.scope, fn);
  }

  /**
   * Runs `fn` in the call's scope and ends the call with what it returns (a stream comes back
   * observed) or throws (rejected with the same error, after the error line).
   */
  track<R>(fn: () => R): Promise<Awaited<R>> {
    let result: R;
    try {
      result = this.run(fn);
    } catch (error) {
      this.end('error', error);
      return Promise.reject(error);
    }
    return this.settle(result);
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

  /** The time to the first output is now (the first call wins). */
  firstOutput(): void {
    if (this.ttftMs === undefined) this.ttftMs = performance.now() - this.started;
  }

  chunk(value: unknown): void {
    try {
      const output = (this.reader as StreamReader).read(value);
      if (output) this.firstOutput();
    } catch (error) {
      reportTrackingFailure(error);
    }
  }

  /**
   * Ends the call and writes its line (once; later calls do nothing). `reading` is what the
   * response said; a streamed call (`succeed` with a stream) reads its chunks instead.
   * `stream: true` marks a call the caller streamed itself. A call that fails because the
   * caller aborted it (an `AbortError`) ends `cancelled`, as a stream the consumer stopped.
   */
  end(status: LlmStatus, error?: unknown, reading?: ResponseFacts, streamed?: boolean): void {
    if (this.ended) return;
    this.ended = true;
    if (status === 'error' && isAbort(error)) status = 'cancelled';
    const latencyMs = performance.now() - this.started;
    try {
      const { options } = this;
      const stream = streamed === true || this.reader !== undefined;
      const read =
        this.reader === undefined ? (reading ?? NOTHING) : (this.reader as StreamReader).result();
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
 * Starts a call in the current scope: validates `logger` and `options` (a `ContextValidationError` naming
 * `caller` and the field), resolves its lineage now, and returns it in flight.
 */
export function startLlmCall(
  logger: LlmLogger,
  options: TrackLlmCallOptions,
  caller: string,
): InFlightCall {
  validateLogger(logger, caller);
  const valid = validateTrackOptions(options, caller);
  const frame = currentFrame();
  const perCall = perCallContext(valid, frame);
  const lineage = resolveLineage(frame, snapshotOf(frame), valid, state.config.autoChain);
  return new InFlightCall(logger, valid, frame, lineage, perCall);
}
