import type { IncomingHttpHeaders } from 'node:http';
import { propagationEnabled } from './allow-list.js';
import { runInIncomingContext } from './incoming-scope.js';
import { incomingRequestReader, type ServerContextOptions } from './server.js';

/** The parts of a Fastify request the plugin reads. */
interface FastifyRequestLike {
  readonly headers: IncomingHttpHeaders;
}

/** The parts of a Fastify reply the plugin uses. */
interface FastifyReplyLike {
  header(name: string, value: string): unknown;
}

/**
 * The parts of a Fastify instance the plugin uses (Fastify 4 and 5): its type needs no
 * `fastify` types installed.
 *
 * @example
 * ```ts
 * const app: FastifyInstanceLike = Fastify();
 * ```
 */
export interface FastifyInstanceLike {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void) => void,
  ): unknown;
}

/**
 * A Fastify plugin (Fastify 4 and 5): every request runs inside the context its headers carry
 * (`withContextFromHeaders`), with a `requestId` — the caller's, else a valid `x-request-id`
 * header, else a new one — echoed in the `x-request-id` response header. Registered once on
 * the root instance, it applies to every route (it is not encapsulated, as with
 * `fastify-plugin`). Hooks after it, handlers and Fastify's own `request completed` line carry
 * the context (its `incoming request` line is written before any hook). Does nothing while
 * propagation is off (`LEANLLM_PROPAGATION=false`). Throws `ContextValidationError` for a bad option.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { contextMixin, fastifyContext } from 'leanllm-context';
 *
 * const app = Fastify({ logger: { mixin: contextMixin() } });
 * await app.register(fastifyContext); // or: app.register(fastifyContext, { requestIdHeader: 'request-id' })
 * app.get('/answer', async (request) => {
 *   request.log.info('answering'); // carries the caller's session_id, correlation_id, and request_id
 *   return { ok: true };
 * });
 * ```
 */
export function fastifyContext(
  instance: FastifyInstanceLike,
  options: ServerContextOptions,
  done: (error?: Error) => void,
): void {
  const read = incomingRequestReader(options ?? {}, 'fastifyContext');
  instance.addHook('onRequest', (request, reply, next) => {
    if (!propagationEnabled()) return next();
    const { fields, echo, report } = read(request.headers);
    if (echo !== undefined) reply.header(echo[0], echo[1]);
    // Fastify runs the rest of the request from here, and keeps the async context across body
    // parsing (an AsyncResource, since Fastify 3.25): no other hook is needed.
    runInIncomingContext(fields, next, report);
  });
  done();
}

// What `fastify-plugin` sets: skip encapsulation (the hooks apply to the whole instance it is
// registered on), the plugin's name in errors and `printPlugins()`, and the versions it supports.
Object.assign(fastifyContext, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'leanllm-context',
  [Symbol.for('plugin-meta')]: { name: 'leanllm-context', fastify: '4.x || 5.x' },
});
