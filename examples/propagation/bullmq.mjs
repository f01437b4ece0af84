// docs/propagation/bullmq.md: a BullMQ job runs with the context of the request that queued
// it. Needs a Redis server: REDIS_PORT (default 6379) on 127.0.0.1.
// Run: node examples/propagation/bullmq.mjs

import { Queue, QueueEvents, Worker } from 'bullmq';
import {
  contextMixin,
  exportContext,
  trace,
  withContext,
  withImportedContext,
} from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });
const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) };

// The worker: each job runs inside the context that came with it.
const worker = new Worker(
  'summaries',
  (job) =>
    withImportedContext(job.data.context, async () => {
      logger.info({ documentId: job.data.documentId }, 'worker: summarizing');
    }),
  { connection },
);

// The producer: the job carries the context of the code that adds it.
const queue = new Queue('summaries', { connection });
const events = new QueueEvents('summaries', { connection });
await events.waitUntilReady();
const job = await trace(() =>
  withContext({ sessionId: 'sess-1', userId: 'u-42' }, () => {
    logger.info('web: queueing a summary');
    return queue.add('summarize', { documentId: 'doc-1', context: exportContext() });
  }),
);
await job.waitUntilFinished(events);

await Promise.all([worker.close(), events.close(), queue.close()]);
