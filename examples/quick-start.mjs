// The README's quick start: one scope, one log line carrying the context.
// Run: node examples/quick-start.mjs

import { contextMixin, trace, withContext } from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });

trace({ correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }, () =>
  withContext({ sessionId: 'sess-1', userId: 'u-42', feature: 'search' }, () => {
    logger.info('searching');
  }),
);
