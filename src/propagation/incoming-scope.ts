import type { ContextFields } from '../context/schema.js';
import { trace, withContext } from '../context/scope.js';

/**
 * Runs `fn` in context that came from another process. A correlation id that came with it opens
 * a correlation scope, as `trace()` does, so the LLM calls made here chain to one another.
 */
export function runInIncomingContext<R>(fields: ContextFields, fn: () => R): R {
  return fields.correlationId == null ? withContext(fields, fn) : trace(fields, fn);
}
