import { propagationEnabled } from './allow-list.js';
import { dropReporter } from './dropped.js';
import { type ExtractOptions, extractContext } from './extract.js';
import type { HeadersInput } from './headers.js';
import { runInIncomingContext } from './incoming-scope.js';

/**
 * Runs `fn` inside the context `extractContext(headers)` reads, and returns what `fn` returns:
 * one call for a server handler. A correlation id that came in opens a correlation scope (as
 * `trace()` does). Bad headers never throw: what is invalid is left out (and reported to
 * `options.onDropped`). When propagation is off, it just calls `fn`.
 *
 * @example
 * ```ts
 * import { withContextFromHeaders } from 'leanllm-context';
 *
 * http.createServer((request, response) =>
 *   withContextFromHeaders(request.headers, async () => {
 *     logger.info('handling'); // carries the caller's session_id and correlation_id
 *     response.end(await answer(request));
 *   }),
 * );
 * ```
 */
export function withContextFromHeaders<R>(
  headers: HeadersInput,
  fn: () => R,
  options: ExtractOptions = {},
): R {
  if (!propagationEnabled()) return fn();
  return runInIncomingContext(
    extractContext(headers, options),
    fn,
    dropReporter(options.onDropped),
  );
}
