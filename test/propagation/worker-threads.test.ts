import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { exportContext, trace, withContext } from '../../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const workerFile = new URL('./fixtures/context-worker.mjs', import.meta.url);

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

const EVERY_FIELD = {
  sessionId: 'sess-1',
  requestId: 'req-1',
  modelId: 'gpt-4o-mini',
  samplingIteration: 2,
  userId: 'u-42',
  feature: 'search',
  environment: 'production',
  parentRequestId: 'req-0',
  section: 'agent:researcher',
  tags: { tier: 'pro', ['__proto__']: 'own' },
};

const nextMessage = async (target: Worker) => (await once(target, 'message'))[0];

describe('worker_threads', () => {
  it('a context exported into workerData and into a message arrives whole, user id and tags included', async () => {
    const exported = trace({ correlationId: TRACE_ID }, () =>
      withContext(EVERY_FIELD, () => exportContext()),
    );
    worker = new Worker(workerFile, { workerData: { context: exported } });
    const expectedContext = { ...EVERY_FIELD, correlationId: TRACE_ID };
    const expectedLine = {
      level: 30,
      session_id: 'sess-1',
      request_id: 'req-1',
      model_id: 'gpt-4o-mini',
      sampling_iteration: 2,
      user_id: 'u-42',
      feature: 'search',
      environment: 'production',
      correlation_id: TRACE_ID,
      parent_request_id: 'req-0',
      section_path: 'agent:researcher',
      tags: { tier: 'pro', ['__proto__']: 'own' },
    };

    const first = await nextMessage(worker);
    expect(first).toEqual({
      kind: 'workerData',
      context: expectedContext,
      tagKeys: ['tier', '__proto__'],
      line: { ...expectedLine, msg: 'from workerData' },
    });

    const other = withContext({ sessionId: 'sess-2', tags: null }, () => exportContext());
    worker.postMessage(other);
    expect(await nextMessage(worker)).toEqual({
      kind: 'message',
      context: { sessionId: 'sess-2' },
      tagKeys: [],
      line: { level: 30, session_id: 'sess-2', msg: 'from a message' },
    });
  });

  it('a bad message is a ContextValidationError in the worker, and nothing runs', async () => {
    worker = new Worker(workerFile, { workerData: { context: { version: 1, fields: {} } } });
    await nextMessage(worker);
    worker.postMessage({ version: 1, fields: { sessionId: 'x'.repeat(300) } });
    expect(await nextMessage(worker)).toEqual({
      kind: 'error',
      name: 'ContextValidationError',
      field: 'sessionId',
      message:
        'invalid exported context: context field "sessionId" must be at most 256 characters, got 300',
    });
  });
});
