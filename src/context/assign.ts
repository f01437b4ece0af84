import { ContextValidationError } from './errors.js';
import { deriveFrame, isFrame } from './frame.js';
import { checkMergedLimits } from './merged-limits.js';
import { type ContextFields, validateContextFields } from './schema.js';
import { globalTags } from './scope.js';
import { frameOfStore, storage } from './state.js';

/**
 * Merges `fields` into the innermost open scope (`withContext`, `trace`, `section`, an LLM
 * call's scope, or the request scope of `fastifyContext`, `expressContext`,
 * `withContextFromHeaders` or `withImportedContext`): from then on everything that runs in that
 * scope sees them — the rest of the function, the code after its next `await`, later hooks and
 * the handler of the same request, log lines, `llm.call` lines and spans — and nothing outside
 * it: another concurrent request never does. Scopes already opened inside it keep what they had.
 * Merging is as for a nested scope: the new values win, tags merge key by key, `null` clears,
 * a `section` is appended to the path. For values known only later, such as the user id once
 * the request is authenticated.
 *
 * @throws {ContextValidationError} for invalid fields (as `withContext`), for a merge over the
 * limits of a context, and outside every scope ("no open scope"): use `setGlobalContext` for
 * process-wide values.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { assignContext, contextMixin, fastifyContext } from 'leanllm-context';
 *
 * const app = Fastify({ logger: { mixin: contextMixin() } });
 * await app.register(fastifyContext);
 * app.addHook('preHandler', async (request) => {
 *   const user = await authenticate(request);
 *   assignContext({ userId: user.id }); // this request only
 * });
 * app.get('/answer', async (request) => {
 *   request.log.info('answering'); // carries user_id, and so do the llm.call lines of this request
 * });
 * ```
 */
export function assignContext(fields: ContextFields): void {
  const valid = validateContextFields(fields);
  const store = storage.getStore();
  if (!isFrame(store) || store.scope === undefined) {
    throw new ContextValidationError(
      '(scope)',
      'assignContext: no open scope: call it inside withContext, trace, section or a request scope (fastifyContext, expressContext, withContextFromHeaders, withImportedContext); setGlobalContext sets process-wide fields',
    );
  }
  const frame = frameOfStore(store);
  const assigned = deriveFrame(frame, valid, { scope: frame.scope });
  checkMergedLimits(assigned, valid, globalTags);
  frame.scope.current = assigned;
}
