// docs/propagation/fetch.md: service A calls service B with plain fetch; B's log lines carry
// A's correlation id and session id. Both services run here, on loopback.
// Run: node examples/propagation/fetch-between-services.mjs

import http from 'node:http';
import {
  contextMixin,
  instrumentFetch,
  trace,
  withContext,
  withContextFromHeaders,
} from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });

// Service B: every request runs in the context its headers carry.
const serviceB = http.createServer((request, response) =>
  withContextFromHeaders(request.headers, () => {
    logger.info('B: working');
    response.end('done');
  }),
);
await new Promise((resolve) => serviceB.listen(0, '127.0.0.1', resolve));
const originB = `http://127.0.0.1:${serviceB.address().port}`;

// Service A: fetch to B's origin carries the context; to any other origin, nothing.
const uninstall = instrumentFetch({ origins: [originB] });
await trace(() =>
  withContext({ sessionId: 'sess-1', userId: 'u-42' }, async () => {
    logger.info('A: calling B');
    await (await fetch(`${originB}/work`)).text();
  }),
);

uninstall();
serviceB.close();
