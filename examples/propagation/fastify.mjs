// docs/propagation/fastify.md: a Fastify service whose requests run in the caller's context.
// Run: node examples/propagation/fastify.mjs

import Fastify from 'fastify';
import { contextMixin, fastifyContext, getCurrentContext } from 'leanllm-context';

const app = Fastify({ logger: { mixin: contextMixin() } });
await app.register(fastifyContext);
app.get('/answer', async (request) => {
  request.log.info('answering');
  return getCurrentContext();
});
const origin = await app.listen({ port: 0, host: '127.0.0.1' });

// A caller that sends a context (what injectContext or instrumentFetch write).
const response = await fetch(`${origin}/answer`, {
  headers: {
    baggage: 'leanllm.session_id=sess-1,leanllm.feature=search',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
});
console.log(
  JSON.stringify({
    'x-request-id': response.headers.get('x-request-id'),
    body: await response.json(),
  }),
);
await app.close();
