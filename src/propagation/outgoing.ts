import type { ContextSnapshot } from '../context/schema.js';
import { snapshotOf } from '../context/snapshot.js';
import { currentFrame } from '../context/state.js';

/** What leaves this process: the context, and what the `traceparent` parent id derives from. */
export interface Outgoing {
  readonly context: ContextSnapshot;
  /** The in-flight call's event id, else the request id, else `undefined` (a random parent id). */
  readonly parentIdSource: string | undefined;
}

/**
 * The context that leaves this process (`exportContext`, `injectContext`): the snapshot in
 * effect, with lineage carried across. Inside an in-flight LLM call (or a scope imported from
 * one) its event id travels as `parentRequestId`, so every call the other side makes in the
 * imported scope is that call's child, as it would be in-process.
 */
export function outgoing(): Outgoing {
  const frame = currentFrame();
  const snapshot = snapshotOf(frame);
  const { callId } = frame;
  if (callId === undefined) return { context: snapshot, parentIdSource: snapshot.requestId };
  return {
    context:
      snapshot.parentRequestId === callId ? snapshot : { ...snapshot, parentRequestId: callId },
    parentIdSource: callId,
  };
}
