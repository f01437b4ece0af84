import type { IncomingMessage, ServerResponse } from 'node:http';
import { bindEmitter } from '../context/bind.js';
import { propagationEnabled } from './allow-list.js';
import { runInIncomingContext } from './incoming-scope.js';
import { incomingRequestReader, type ServerContextOptions } from './server.js';

/**
 * A Connect/Express-style middleware: `(request, response, next) => void`.
 *
 * @example
 * ```ts
 * const middleware: ContextMiddleware = expressContext();
 * ```
 */
export type ContextMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * An Express-style middleware (Express 4 and 5, Connect, or plain `node:http`): the rest of
 * each request runs inside the context its headers carry (`withContextFromHeaders`), with a
 * `requestId` — the caller's, else a valid `x-request-id` header, else a new one — echoed in the
 * `x-request-id` response header. The request's and response's event listeners are bound to the
 * context too, so a body parser's `next()` and a logger's `request completed` line (pino-http)
 * keep it. Use it before your other middleware. Does nothing while propagation is off
 * (`LEANLLM_PROPAGATION=false`). Throws `ContextValidationError` for a bad option.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import pino from 'pino';
 * import { contextMixin, expressContext } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const app = express();
 * app.use(expressContext());
 * app.use(express.json());
 * app.post('/answer', (request, response) => {
 *   logger.info('answering'); // carries the caller's session_id, correlation_id, and request_id
 *   response.json({ ok: true });
 * });
 * ```
 */
export function expressContext(options: ServerContextOptions = {}): ContextMiddleware {
  const read = incomingRequestReader(options, 'expressContext');
  return function leanllmContext(request, response, next) {
    if (!propagationEnabled()) return next();
    const { fields, echo, report } = read(request.headers);
    if (echo !== undefined) response.setHeader(echo[0], echo[1]);
    runInIncomingContext(
      fields,
      () => {
        bindEmitter(request);
        bindEmitter(response);
        next();
      },
      report,
    );
  };
}
