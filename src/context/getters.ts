import type { ContextSnapshot } from './schema.js';
import { snapshotOf } from './snapshot.js';
import { currentFrame } from './state.js';

/**
 * A frozen snapshot of the non-empty context fields in effect here (camelCase): the innermost
 * scope over outer scopes over the global context over the configuration.
 *
 * @example
 * ```ts
 * withContext({ sessionId: 'sess-1', tags: { tier: 'pro' } }, () => {
 *   getCurrentContext(); // { sessionId: 'sess-1', tags: { tier: 'pro' } }
 * });
 * ```
 */
export function getCurrentContext(): ContextSnapshot {
  return snapshotOf(currentFrame());
}

/**
 * The session id in effect, or `undefined`.
 *
 * @example
 * ```ts
 * withContext({ sessionId: 'sess-1' }, () => getSessionId()); // 'sess-1'
 * ```
 */
export function getSessionId(): string | undefined {
  return getCurrentContext().sessionId;
}

/**
 * The request id in effect (inside `trackLlmCall`, the call's event id), or `undefined`.
 *
 * @example
 * ```ts
 * withContext({ requestId: 'req-1' }, () => getRequestId()); // 'req-1'
 * ```
 */
export function getRequestId(): string | undefined {
  return getCurrentContext().requestId;
}

/**
 * The model id in effect, or `undefined`.
 *
 * @example
 * ```ts
 * withContext({ modelId: 'gpt-4o-mini' }, () => getModelId()); // 'gpt-4o-mini'
 * ```
 */
export function getModelId(): string | undefined {
  return getCurrentContext().modelId;
}

/**
 * The sampling iteration in effect (a retry or best-of-n counter), or `undefined`.
 *
 * @example
 * ```ts
 * withContext({ samplingIteration: 2 }, () => getSamplingIteration()); // 2
 * ```
 */
export function getSamplingIteration(): number | undefined {
  return getCurrentContext().samplingIteration;
}

/**
 * The user id in effect, or `undefined`.
 *
 * @example
 * ```ts
 * withContext({ userId: 'u-42' }, () => getUserId()); // 'u-42'
 * ```
 */
export function getUserId(): string | undefined {
  return getCurrentContext().userId;
}

/**
 * The feature in effect, or `undefined`.
 *
 * @example
 * ```ts
 * withContext({ feature: 'search' }, () => getFeature()); // 'search'
 * ```
 */
export function getFeature(): string | undefined {
  return getCurrentContext().feature;
}

/**
 * The correlation id in effect (set by `trace()` or a context), or `undefined`.
 *
 * @example
 * ```ts
 * trace({ correlationId: 'flow-1' }, () => getCorrelationId()); // 'flow-1'
 * ```
 */
export function getCorrelationId(): string | undefined {
  return getCurrentContext().correlationId;
}
