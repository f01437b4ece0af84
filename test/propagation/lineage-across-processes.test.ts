import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Queue, QueueEvents } from 'bullmq';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contextMixin,
  exportContext,
  extractContext,
  fastifyContext,
  injectContext,
  instrumentFetch,
  type LlmEvent,
  trace,
  trackLlmCall,
  withImportedContext,
} from '../../src/index.js';
import { type StartedQueue, startQueue } from '../helpers/bullmq.js';
import { runCli } from '../helpers/cli.js';
import { serviceAvailable } from '../helpers/services.js';

// Three processes' worth of logging, each into its own file: service A, service B (called by A
// over fetch) and a BullMQ worker (fed by A through Redis).
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const QUEUE = 'lineage';
const directory = mkdtempSync(join(tmpdir(), 'leanllm-lineage-'));
const file = (name: string) => join(directory, name);
const fileLogger = (name: string) =>
  pino({ mixin: contextMixin() }, pino.destination({ dest: file(name), sync: true }));
const logA = fileLogger('a.log');
const logB = fileLogger('b.log');
const logWorker = fileLogger('worker.log');

/** Every call's event id, by model name (the models are named after what each call does). */
const ids = new Map<string, string>();
const call = <R>(logger: pino.Logger, model: string, fn: () => Promise<R> | R) =>
  trackLlmCall(
    logger,
    { model, provider: 'openai', onEvent: (event: LlmEvent) => void ids.set(model, event.eventId) },
    async () => {
      await fn();
      return { inputTokens: 10, outputTokens: 5 };
    },
  );

const hasRedis = serviceAvailable(
  'redis',
  'test/propagation/lineage-across-processes.test.ts (a BullMQ worker on a real Redis server)',
);

let started: StartedQueue;
let queue: Queue;
let events: QueueEvents;
let serviceA: { close(): PromiseLike<unknown> };
let serviceB: { close(): PromiseLike<unknown> };
let originA: string;
let uninstall: () => void;

describe.runIf(hasRedis)('lineage across a queue and a service', () => {
  beforeAll(async () => {
    started = await startQueue(QUEUE, (job: Job) =>
      withImportedContext(job.data.context, async () => {
        await call(logWorker, 'summarize', () => call(logWorker, 'summarize-chunk', () => {}));
        await call(logWorker, 'summarize-check', () => {});
      }),
    );
    ({ queue, events } = started);

    const b = Fastify();
    serviceB = b;
    await b.register(fastifyContext);
    b.get('/write', async () => {
      await call(logB, 'write', () => {});
      await call(logB, 'edit', () => {});
      return { ok: true };
    });
    const originB = await b.listen({ port: 0, host: '127.0.0.1' });

    const a = Fastify();
    serviceA = a;
    a.get('/ask', () =>
      trace({ correlationId: TRACE_ID }, async () => {
        await call(logA, 'plan', async () => {
          await (await fetch(`${originB}/write`)).json();
          const job = await queue.add('summarize', { context: exportContext() });
          await job.waitUntilFinished(events, 15_000);
        });
        await call(logA, 'review', () => {});
        return { ok: true };
      }),
    );
    originA = await a.listen({ port: 0, host: '127.0.0.1' });
    uninstall = instrumentFetch({ origins: [originB] });
  }, 30_000);

  afterAll(async () => {
    uninstall?.();
    await serviceA?.close();
    await serviceB?.close();
    await started?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('the calls of A, of B (over fetch) and of the BullMQ worker form one tree, read from three log files', async () => {
    expect(await (await fetch(`${originA}/ask`)).json()).toEqual({ ok: true });
    const id = (model: string) => ids.get(model) as string;

    const workerLines = readFileSync(file('worker.log'), 'utf8').trim().split('\n');
    const summarize = JSON.parse(workerLines.find((line) => line.includes('"summarize"')) ?? '{}');
    expect(summarize).toMatchObject({
      model: 'summarize',
      correlation_id: TRACE_ID,
      parent_request_id: id('plan'),
    });

    const { status, stdout } = await runCli([file('a.log'), file('b.log'), file('worker.log')]);
    expect(status, stdout).toBe(0);
    // Durations vary from run to run; everything else is exact. `review` follows `plan` in the
    // trace (auto-chain); every call of B and of the worker is a child of the call in flight in A.
    const tree = stdout
      .replace(/\d+(\.\d+)? (ms|s)\b/g, '<t>')
      .replace(/id ([\w-]+)/g, (_match, eventId: string) => {
        const model = [...ids].find(([, value]) => value === eventId)?.[0];
        return `id <${model ?? eventId}>`;
      });
    expect(tree).toBe(
      [
        `correlation ${TRACE_ID} · 7 calls · $? · <t> work · <t> wall · 105 tok`,
        '└─ plan (openai) · $? · <t> · 15 tok · id <plan>  [subtree $? · <t> work · <t> wall · 105 tok]',
        '   ├─ write (openai) · $? · <t> · 15 tok · id <write>',
        '   ├─ edit (openai) · $? · <t> · 15 tok · id <edit>',
        '   ├─ summarize (openai) · $? · <t> · 15 tok · id <summarize>  [subtree $? · <t> work · <t> wall · 30 tok]',
        '   │  └─ summarize-chunk (openai) · $? · <t> · 15 tok · id <summarize-chunk>',
        '   ├─ summarize-check (openai) · $? · <t> · 15 tok · id <summarize-check>',
        '   └─ review (openai) · $? · <t> · 15 tok · id <review>',
        '',
        '7 lines read from 3 inputs: 7 events · 0 other · 0 malformed',
        '',
      ].join('\n'),
    );
  }, 30_000);
});

describe('lineage in headers and exports', () => {
  it('inside a call, the headers carry its event id as leanllm.parent_request_id and the traceparent parent id derives from it', async () => {
    let headers: { baggage?: string; traceparent?: string } = {};
    let exported: unknown;
    await trace({ correlationId: TRACE_ID }, () =>
      call(logA, 'headers', () => {
        headers = injectContext({});
        exported = exportContext();
      }),
    );
    const eventId = ids.get('headers') as string;
    const parentId = createHash('sha256').update(eventId).digest('hex').slice(0, 16);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${parentId}-01`);
    expect(headers.baggage).toContain(`leanllm.parent_request_id=${eventId}`);
    expect(extractContext(headers)).toEqual({
      requestId: eventId,
      correlationId: TRACE_ID,
      parentRequestId: eventId,
    });
    expect(exported).toEqual({
      version: 1,
      fields: { requestId: eventId, correlationId: TRACE_ID, parentRequestId: eventId },
    });
  });
});
