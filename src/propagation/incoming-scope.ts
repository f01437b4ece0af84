import { deriveFrame } from '../context/frame.js';
import { type ContextFields, validateContextFields } from '../context/schema.js';
import { runInFrame } from '../context/scope.js';
import { currentFrame } from '../context/state.js';

/**
 * Runs `fn` in context that came from another process. A correlation id that came with it opens
 * a correlation scope, as `trace()` does, so the LLM calls made here chain to one another; a
 * `parentRequestId` that came with it (the caller's in-flight call) stands for that call, so
 * every call made here outside a call of its own is its child, as it would be in-process.
 */
export function runInIncomingContext<R>(fields: ContextFields, fn: () => R): R {
  const valid = validateContextFields(fields);
  const { correlationId, parentRequestId } = valid;
  const frame = deriveFrame(currentFrame(), valid, {
    chain: correlationId == null ? undefined : { correlationId, lastEventId: undefined },
    callId: parentRequestId ?? undefined,
  });
  return runInFrame(frame, fn);
}
