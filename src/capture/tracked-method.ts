import { asRecord, asText, type ProviderRecord } from '../events/adapters/response-facts.js';
import {
  type InFlightCall,
  reportTrackingFailure,
  startLlmCall,
} from '../events/in-flight-call.js';
import type { TrackLlmCallOptions } from '../events/options.js';
import type { PerCallContext } from '../events/per-call-context.js';
import { isApiPromise, trackedApiPromise } from './api-promise.js';
import type { CaptureSettings } from './options.js';

/** A function of the SDK, called with its own `this`. */
export type AnyFunction = (...args: unknown[]) => unknown;

/** How one SDK method becomes a logged call: one request in, one model call out. */
export interface CapturedMethod {
  /** The line's `operation`: `chat`, `responses`, `embeddings`, `generate_content`. */
  readonly operation: string;
  /** What the request asks (messages, input, contents), for content capture when it is on. */
  readonly prompt: (request: ProviderRecord) => unknown;
  /** The request as it is sent, when the settings change it (`streamUsage`); else as given. */
  readonly request?: (request: Record<string, unknown>, settings: CaptureSettings) => unknown;
}

/** The line's model when a request names none the line can carry (the SDK will say what is wrong). */
const UNKNOWN_MODEL = 'unknown';

/**
 * Starts the call of a request (`args[0]`, replaced by the request as sent), or returns
 * undefined when it cannot be tracked: the request then goes out untracked, never failed by us.
 */
function startCall(
  args: unknown[],
  method: CapturedMethod,
  settings: CaptureSettings,
): InFlightCall | undefined {
  try {
    const request = asRecord(args[0]);
    if (request !== undefined && method.request !== undefined) {
      args[0] = method.request(request, settings);
    }
    const { defaults } = settings;
    // Every option named (a literal, not a spread of the defaults: 60x faster per call); the
    // type makes a new trackLlmCall option a compile error here until it is passed on; the
    // context fields given as defaults are spread in only when there are any.
    const options = {
      model: asText(request?.model) ?? UNKNOWN_MODEL,
      provider: defaults.provider,
      operation: method.operation,
      correlationId: defaults.correlationId,
      parentRequestId: defaults.parentRequestId,
      prompt: method.prompt(request),
      onEvent: defaults.onEvent,
    } satisfies Record<Exclude<keyof TrackLlmCallOptions, keyof PerCallContext>, unknown>;
    const { context } = settings;
    return startLlmCall(
      settings.logger,
      (context === undefined ? options : { ...context, ...options }) as TrackLlmCallOptions,
      settings.caller,
    );
  } catch (error) {
    reportTrackingFailure(error);
    return undefined;
  }
}

/**
 * What the SDK method returned, handed back the same kind of value with the call tracked (or
 * untracked, as it is, if looking at it throws: logging never fails the call).
 */
function trackedResult(call: InFlightCall, result: unknown): unknown {
  try {
    if (isApiPromise(result)) return trackedApiPromise(call, result);
    if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
      return call.settle(result);
    }
  } catch (error) {
    reportTrackingFailure(error);
    return result;
  }
  return call.succeed(result);
}

/**
 * `original` (a method of `target`) as a method that makes the same call, logged as
 * `trackLlmCall` would: timed from the call, run in the call's scope (nested calls and log
 * lines link to it), read when its result settles (a stream when it ends). What the SDK throws
 * or rejects with reaches the caller unchanged.
 */
export function trackedMethod(
  original: AnyFunction,
  target: object,
  method: CapturedMethod,
  settings: CaptureSettings,
): AnyFunction {
  return (...args: unknown[]): unknown => {
    const call = startCall(args, method, settings);
    if (call === undefined) return original.apply(target, args);
    let result: unknown;
    try {
      result = call.run(() => original.apply(target, args));
    } catch (error) {
      call.end('error', error);
      throw error;
    }
    return trackedResult(call, result);
  };
}
