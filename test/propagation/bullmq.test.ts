import type { Job, Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contextMixin,
  exportContext,
  getCurrentContext,
  trace,
  withContext,
  withImportedContext,
} from '../../src/index.js';
import { type StartedQueue, startQueue } from '../helpers/bullmq.js';
import { capture } from '../helpers/capture.js';
import { serviceAvailable } from '../helpers/services.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const QUEUE = 'summaries';

const hasRedis = serviceAvailable(
  'redis',
  'test/propagation/bullmq.test.ts (BullMQ with a real Redis server)',
);

describe.runIf(hasRedis)('BullMQ with a real Redis server', () => {
  let started: StartedQueue;
  let queue: Queue;
  let events: QueueEvents;
  const workerLogs = capture({ mixin: contextMixin() });

  beforeAll(async () => {
    // The worker: every job runs inside the context of the request that queued it.
    started = await startQueue(QUEUE, (job: Job) =>
      withImportedContext(job.data.context, async () => {
        workerLogs.logger.info({ documentId: job.data.documentId }, 'summarizing');
        return getCurrentContext();
      }),
    );
    ({ queue, events } = started);
  }, 30_000);

  afterAll(() => started?.close());

  it('a job added inside a context is processed by a worker whose log lines carry that context', async () => {
    const job = await trace({ correlationId: TRACE_ID }, () =>
      withContext(
        { sessionId: 'sess-1', userId: 'u-42', feature: 'summaries', tags: { tier: 'pro' } },
        () => queue.add('summarize', { documentId: 'doc-1', context: exportContext() }),
      ),
    );
    const result = await job.waitUntilFinished(events, 15_000);
    const context = {
      sessionId: 'sess-1',
      userId: 'u-42',
      feature: 'summaries',
      correlationId: TRACE_ID,
      tags: { tier: 'pro' },
    };
    expect(result).toEqual(context);
    expect(workerLogs.lines()).toEqual([
      {
        level: 30,
        session_id: 'sess-1',
        user_id: 'u-42',
        feature: 'summaries',
        correlation_id: TRACE_ID,
        tags: { tier: 'pro' },
        documentId: 'doc-1',
        msg: 'summarizing',
      },
    ]);
  });

  it('a job whose context is not valid fails with a clear error, and its work never runs', async () => {
    const job = await queue.add('summarize', {
      documentId: 'doc-2',
      context: { version: 1, fields: { sessionId: 'x'.repeat(300) } },
    });
    await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow(
      'invalid exported context: context field "sessionId" must be at most 256 characters, got 300',
    );
    expect(workerLogs.lines().some((line) => line.documentId === 'doc-2')).toBe(false);
  });
});
