// docs/propagation/worker-threads.md: a worker thread logs with the context of the code that
// started it. One file: the main thread starts itself as the worker.
// Run: node examples/propagation/worker-threads.mjs

import { isMainThread, Worker, workerData } from 'node:worker_threads';
import {
  contextMixin,
  exportContext,
  trace,
  withContext,
  withImportedContext,
} from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });

if (isMainThread) {
  await trace(() =>
    withContext({ sessionId: 'sess-1', userId: 'u-42' }, async () => {
      logger.info('main: starting a worker');
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { context: exportContext(), documentId: 'doc-1' },
      });
      await new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
    }),
  );
} else {
  withImportedContext(workerData.context, () => {
    logger.info({ documentId: workerData.documentId }, 'worker: summarizing');
  });
}
