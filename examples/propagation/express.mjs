// docs/propagation/express.md: an Express service whose requests run in the caller's context.
// Run: node examples/propagation/express.mjs

import express from 'express';
import { contextMixin, expressContext, getCurrentContext } from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });
const app = express();
app.use(expressContext()); // first, before body parsers and loggers
app.use(express.json());
app.post('/answer', (request, response) => {
  logger.info({ question: request.body.question }, 'answering');
  response.json(getCurrentContext());
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));

// A caller that sends a context (what injectContext or instrumentFetch write).
const response = await fetch(`http://127.0.0.1:${server.address().port}/answer`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    baggage: 'leanllm.session_id=sess-1,leanllm.feature=search',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  body: JSON.stringify({ question: 'why?' }),
});
console.log(
  JSON.stringify({
    'x-request-id': response.headers.get('x-request-id'),
    body: await response.json(),
  }),
);
server.close();
