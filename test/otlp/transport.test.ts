import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { logLlmCall, trace } from '../../src/index.js';
import leanllmOtlp from '../../src/otlp/index.js';
import { spanIdOf, traceIdOf } from '../../src/otlp/span.js';
import { runCli } from '../helpers/cli.js';
import {
  attributesOf,
  type DecodedSpan,
  decodeOtlpJson,
  type OtlpReceiver,
  startOtlpReceiver,
} from '../helpers/otlp-receiver.js';

const APP = fileURLToPath(new URL('fixtures/app.mjs', import.meta.url));
const CORRELATION = '4bf92f3577b34da6a3ce929d0e0e4736';

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/**
 * Runs the fixture application (a child process: pino blocks its main thread while the transport
 * closes, so the receiver cannot live there); resolves with its exit and stderr. Killed after 60 s.
 */
async function runApp(
  scenario: string,
  options: Record<string, unknown>,
  env: Record<string, string> = {},
) {
  const child = spawn(process.execPath, [APP], {
    env: { ...process.env, SCENARIO: scenario, OTLP_OPTIONS: JSON.stringify(options), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 60_000,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code, signal] = await once(child, 'exit');
  return { code, signal, stderr };
}

/** A pino logger in this process whose lines go through the real transport worker. */
function otlpLogger(options: Record<string, unknown>) {
  const transport = pino.transport({ target: 'leanllm-context/otlp', options });
  const logger = pino({ base: undefined }, transport);
  const close = async () => {
    const closed = once(transport, 'close');
    transport.end();
    await closed;
  };
  return { logger, close };
}

const bySpanId = (spans: Iterable<DecodedSpan>) =>
  [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));

const OK = { code: 0, signal: null, stderr: '' };

describe('leanllm-context/otlp: the spans of --format otlp, sent live', () => {
  for (const protocol of ['http/json', 'http/protobuf'] as const) {
    it(`${protocol}: what arrives is what leanllm-logs --format otlp writes for the same lines`, async () => {
      receiver = await startOtlpReceiver();
      const file = join(mkdtempSync(join(tmpdir(), 'leanllm-otlp-')), 'app.log');
      expect(await runApp('agent', { url: receiver.url, protocol }, { LOG_FILE: file })).toEqual(
        OK,
      );

      expect(receiver.accepted.map(({ contentType, path }) => [contentType, path])).toEqual([
        [protocol === 'http/json' ? 'application/json' : 'application/x-protobuf', '/v1/traces'],
      ]);
      const [resourceSpans] = receiver.accepted[0]?.request.resourceSpans ?? [];
      expect(resourceSpans?.resource.attributes).toEqual([
        { key: 'service.name', value: { stringValue: 'unknown_service' } },
      ]);
      expect(resourceSpans?.scopeSpans[0]?.scope).toEqual({
        name: 'leanllm-context',
        version: '0.1.0',
      });

      const cli = await runCli(['--format', 'otlp', file]);
      const written = decodeOtlpJson(cli.stdout).resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
      expect(bySpanId(receiver.spans().values())).toEqual(bySpanId(written));

      const spans = [...receiver.spans().values()];
      const named = (name: string) => spans.find((span) => span.name === name) as DecodedSpan;
      const planner = named('chat gpt-4o');
      expect(planner.parentSpanId).toBe(undefined);
      expect(named('gpt-4o-mini').parentSpanId).toBe(planner.spanId);
      expect(named('claude-test')).toMatchObject({
        traceId: CORRELATION,
        parentSpanId: planner.spanId,
        status: { code: 2, message: 'slow down' },
      });
      expect(attributesOf(named('claude-test'))['error.type']).toBe('RateLimitError');
      expect(spans.filter((span) => span.traceId === traceIdOf('c-solo'))).toHaveLength(1);
      expect(spans).toHaveLength(4);
    });
  }

  it('10,000 calls arrive as 10,000 spans with the right parents, children before parents', async () => {
    receiver = await startOtlpReceiver();
    const options = {
      url: receiver.url,
      batch: { size: 512, maxQueue: 10_000 },
      closeTimeoutMs: 20_000,
    };
    expect(await runApp('tree', options, { CALLS: '10000' })).toEqual(OK);
    const spans = receiver.spans();
    expect(spans.size).toBe(10_000);
    for (let i = 0; i < 10_000; i++) {
      const span = spans.get(spanIdOf(`call-${i}`));
      const parent =
        i % 100 === 0 ? undefined : `call-${Math.floor(i / 100) * 100 + ((i % 100) >> 1)}`;
      expect(span?.traceId).toBe(traceIdOf(`flow-${Math.floor(i / 100)}`));
      expect(span?.parentSpanId).toBe(parent === undefined ? undefined : spanIdOf(parent));
    }
  }, 60_000);

  it('a burst of 20,000 calls with the default queue (2,048): the stream waits for room, every span arrives', async () => {
    receiver = await startOtlpReceiver((n) => (n % 5 === 0 ? { delayMs: 50 } : { status: 200 }));
    expect(await runApp('tree', { url: receiver.url }, { CALLS: '20000' })).toEqual(OK);
    const spans = receiver.spans();
    expect(spans.size).toBe(20_000);
    expect(spans.has(spanIdOf('call-0')) && spans.has(spanIdOf('call-19999'))).toBe(true);
  }, 60_000);

  it('the receiver down, then slow, then 503 and 429: every line arrives while the queue has room', async () => {
    const plan = [
      'hang-up',
      'hang-up',
      { delayMs: 1500 },
      { status: 503 },
      { status: 429 },
    ] as const;
    receiver = await startOtlpReceiver((n) => plan[n - 1] ?? { status: 200 });
    const { logger, close } = otlpLogger({
      url: receiver.url,
      batch: { size: 50, delayMs: 10, maxQueue: 1000 },
      retry: { maxAttempts: 20, initialDelayMs: 20, maxDelayMs: 100 },
      timeoutMs: 500,
      closeTimeoutMs: 30_000,
    });
    trace({ correlationId: CORRELATION }, () => {
      for (let i = 0; i < 300; i++) {
        logLlmCall(logger, { eventId: `call-${i}`, model: 'm', provider: 'p', latencyMs: 1 });
      }
    });
    await receiver.waitForSpans(300, 30_000);
    await close();
    expect(receiver.requestCount()).toBeGreaterThan(plan.length);
    const spans = receiver.spans();
    expect(spans.size).toBe(300);
    for (let i = 0; i < 300; i++) expect(spans.has(spanIdOf(`call-${i}`))).toBe(true);
  });

  it('the target’s stream: lines split across writes are joined, other lines ignored, end() delivers', async () => {
    receiver = await startOtlpReceiver();
    // protobuf: `@opentelemetry/otlp-transformer` is installed here, and nothing says otherwise
    const stream = await leanllmOtlp({ url: receiver.url, batch: { delayMs: 600_000 } });
    const line = (id: string) =>
      `${JSON.stringify({ level: 30, time: 1_795_428_000_000, event: 'llm.call', event_version: 1, event_id: id, correlation_id: 'c-1', model: 'm', provider: 'p', status: 'ok', latency_ms: 5, msg: 'llm.call' })}\n`;
    const text = `${line('a')}{"level":30,"msg":"other"}\nnot json\n${line('b')}${line('c')}`;
    for (const piece of [
      text.slice(0, 50),
      text.slice(50, 251),
      text.slice(251, -1),
      text.slice(-1),
    ]) {
      stream.write(piece);
    }
    const closed = once(stream, 'close');
    stream.end();
    await closed;
    expect([...receiver.spans().keys()].sort()).toEqual(['a', 'b', 'c'].map(spanIdOf).sort());
    expect(receiver.accepted.map(({ contentType }) => contentType)).toEqual([
      'application/x-protobuf',
    ]);
  });

  it('logger.flush() sends what is queued at once (one target: the flush reaches the worker)', async () => {
    receiver = await startOtlpReceiver();
    const { logger, close } = otlpLogger({ url: receiver.url, batch: { delayMs: 600_000 } });
    logLlmCall(logger, { eventId: 'only', model: 'm', provider: 'p', latencyMs: 1 });
    await new Promise<void>((resolve, reject) =>
      logger.flush((error) => (error ? reject(error) : resolve())),
    );
    expect([...receiver.spans().keys()]).toEqual([spanIdOf('only')]);
    await close();
  });

  it('honours Retry-After: a 429 saying "retry now" is retried at once despite a one-minute backoff', async () => {
    receiver = await startOtlpReceiver((n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 },
    );
    const { logger, close } = otlpLogger({
      url: receiver.url,
      batch: { delayMs: 0 },
      retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    logLlmCall(logger, { eventId: 'only', model: 'm', provider: 'p', latencyMs: 1 });
    await receiver.waitForSpans(1, 10_000);
    await close();
    expect(receiver.requestCount()).toBe(2);
  });
});

describe('leanllm-context/otlp when the process ends', () => {
  it('delivers what is queued at exit (nothing was due yet)', async () => {
    receiver = await startOtlpReceiver();
    const options = { url: receiver.url, batch: { delayMs: 60_000, size: 5000 } };
    expect(await runApp('flat', options, { CALLS: '1000' })).toEqual(OK);
    expect(receiver.spans().size).toBe(1000);
    expect(receiver.accepted).toHaveLength(1);
  });

  for (const [down, behaviour] of [
    ['hanging up', 'hang-up'],
    ['too slow to answer', { delayMs: 60_000 }],
    ['answering 503', { status: 503 }],
  ] as const) {
    it(`receiver ${down}: exits by the close timeout, the drops counted exactly in one warning line`, async () => {
      receiver = await startOtlpReceiver(() => behaviour);
      const { url } = receiver;
      const result = await runApp(
        'flat',
        {
          url,
          batch: { size: 10, delayMs: 0, maxQueue: 100 },
          retry: { maxAttempts: 1000, initialDelayMs: 10, maxDelayMs: 50 },
          timeoutMs: 200,
          closeTimeoutMs: 500,
        },
        { CALLS: '250' },
      );
      expect([result.code, result.signal]).toEqual([0, null]);
      const lines = result.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\(node:\\d+\\) \\[LEANLLM_OTLP_DROPPED\\] Warning: leanllm-context: 250 of 250 spans not delivered to ${url}: 150 dropped with the queue full, 100 still queued at close \\(last error: .+\\)$`,
        ),
      );
      expect(receiver.spans().size).toBe(0);
    });
  }
});
