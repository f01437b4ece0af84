import { type ChainState, deriveFrame, type Frame, type FrameOptions } from './frame.js';
import { generateCorrelationId } from './ids.js';
import { checkMergedLimits } from './merged-limits.js';
import { optionError } from './option-error.js';
import { type ContextFields, type ValidatedFields, validateContextFields } from './schema.js';
import { currentFrame, state, storage } from './state.js';

/** The global tags, or none when the global context cannot be read (a scope never fails for it). */
export function globalTags(): Readonly<Record<string, string | null>> | undefined {
  try {
    return state.global.tags;
  } catch {
    return undefined;
  }
}

/**
 * The frame of a new scope: validated `fields` over the current frame, checked against the
 * limits of a whole context (`ContextValidationError` at the scope that would overflow).
 */
export function openScope(fields: ValidatedFields, options?: FrameOptions): Frame {
  const frame = deriveFrame(currentFrame(), fields, options);
  checkMergedLimits(frame, fields, globalTags);
  return frame;
}

/**
 * Runs `fn` with `fields` merged over the ambient context and returns what `fn` returns (a
 * Promise stays a Promise). The innermost scope wins, tags merge key by key, `null` clears an
 * inherited field. The previous context is back once `fn` returns or throws. Invalid fields
 * throw `ContextValidationError` before `fn` runs.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { contextMixin, withContext } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * withContext({ sessionId: 'sess-1', userId: 'u-42', feature: 'search' }, () => {
 *   logger.info('searching'); // {"level":30,...,"session_id":"sess-1","user_id":"u-42","feature":"search","msg":"searching"}
 * });
 * ```
 */
export function withContext<R>(fields: ContextFields, fn: () => R): R {
  return storage.run(openScope(validateContextFields(fields)), fn);
}

/**
 * `withContext` for async work: always returns a Promise, and reports invalid fields as a
 * rejection rather than a synchronous throw.
 *
 * @example
 * ```ts
 * const answer = await asyncWithContext({ sessionId: 'sess-1' }, async () => {
 *   return await agent.run(question);
 * });
 * ```
 */
export async function asyncWithContext<R>(
  fields: ContextFields,
  fn: () => R | Promise<R>,
): Promise<R> {
  return withContext(fields, fn);
}

/** The fields `trace()` accepts: any context field, the correlation id generated when absent. */
export type TraceOptions = ContextFields;

/**
 * Starts a correlation scope: every call and log line inside shares one correlation id
 * (generated when not given: 32 lowercase hex characters, a valid W3C trace id), and the
 * auto-chain of LLM calls restarts here.
 *
 * @example
 * ```ts
 * import { getCorrelationId, trace } from 'leanllm-context';
 *
 * await trace(async () => {
 *   getCorrelationId(); // '4bf92f3577b34da6a3ce929d0e0e4736'
 *   await planner();
 *   await writer(); // its llm.call line links to the planner's call
 * });
 * await trace({ correlationId: 'checkout-42' }, handleCheckout);
 * ```
 */
export function trace<R>(fn: () => R): R;
export function trace<R>(options: TraceOptions, fn: () => R): R;
export function trace<R>(optionsOrFn: TraceOptions | (() => R), maybeFn?: () => R): R {
  const [options, fn] =
    typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn, maybeFn];
  if (typeof fn !== 'function') throw optionError('trace', 'fn', 'must be a function');
  const fields = validateContextFields(options);
  const correlationId = fields.correlationId ?? generateCorrelationId();
  const chain: ChainState = { correlationId, lastRequestId: undefined };
  return storage.run(openScope({ ...fields, correlationId }, { chain }), fn);
}

/**
 * Runs `fn` as a named step. Nested sections form a path: inside `section('agent:researcher')`,
 * `section('step:plan')` logs `section_path: "agent:researcher/step:plan"`.
 *
 * @example
 * ```ts
 * await section('agent:researcher', async () => {
 *   await section('step:plan', () => llm.plan(task));
 * });
 * ```
 */
export function section<R>(name: string, fn: () => R): R {
  return withContext({ section: name }, fn);
}
