import type { LlmEvent } from '../events/schema.js';

/** The context fields of a call's line that nodes carry besides `section`. */
export const LINE_CONTEXT_FIELDS = [
  'sessionId',
  'userId',
  'feature',
  'environment',
  'samplingIteration',
  'tags',
] as const;

type LineContextKey = (typeof LINE_CONTEXT_FIELDS)[number];

/**
 * The context of a call's line that nodes carry besides `section`, for slicing graphs: every
 * key present, `undefined` when the line has none.
 */
export type LineContext = { readonly [K in LineContextKey]: LlmEvent[K] | undefined };

/** The line context of `event`, always in one key order, so that objects spread from it keep one shape. */
export function lineContextOf(event: LlmEvent): LineContext {
  return {
    sessionId: event.sessionId,
    userId: event.userId,
    feature: event.feature,
    environment: event.environment,
    samplingIteration: event.samplingIteration,
    tags: event.tags,
  };
}
