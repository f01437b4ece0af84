import { afterEach, describe, expect, it } from 'vitest';
import { ContextValidationError } from '../../src/index.js';
import { jsonEncoder } from '../../src/otlp/encode.js';
import { resolveOtlpOptions } from '../../src/otlp/options.js';
import { type OtlpSpan, otlpSpanOf } from '../../src/otlp/span.js';
import { OtlpSpanSender } from '../../src/otlp/span-sender.js';
import { type Behaviour, type OtlpReceiver, startOtlpReceiver } from '../helpers/otlp-receiver.js';

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const span = (i: number): OtlpSpan =>
  otlpSpanOf(
    {
      eventVersion: 1,
      eventId: `call-${i}`,
      correlationId: 'c-1',
      time: 1_795_428_000_000 + i,
      model: 'm',
      provider: 'p',
      status: 'ok',
      latencyMs: 1,
      toolCalls: [],
    },
    undefined,
  );

/** A sender to a receiver that behaves as told, and the warning lines it wrote. */
async function senderTo(behaviour: (request: number) => Behaviour, options: object = {}) {
  receiver = await startOtlpReceiver(behaviour);
  const resolved = resolveOtlpOptions(
    {
      url: receiver.url,
      batch: { size: 10, delayMs: 0 },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      ...options,
    },
    {},
  );
  const warnings: string[] = [];
  const sender = new OtlpSpanSender(resolved, jsonEncoder('svc'), (line) => warnings.push(line));
  return { sender, warnings, url: receiver.url };
}

describe('OtlpSpanSender', () => {
  it('delivers in batches of batch.size, nothing to report', async () => {
    const { sender, warnings } = await senderTo(() => ({ status: 200 }));
    for (let i = 0; i < 25; i++) sender.add(span(i));
    await sender.close();
    expect(
      receiver?.accepted.map(
        (request) => request.request.resourceSpans[0]?.scopeSpans[0]?.spans.length,
      ),
    ).toEqual([10, 10, 5]);
    expect(sender.stats()).toEqual({
      received: 25,
      delivered: 25,
      dropped: { queueFull: 0, refused: 0, gaveUp: 0, rejected: 0, unsentAtClose: 0 },
    });
    expect(warnings).toEqual([]);
  });

  it('sends the headers given, beside its content type', async () => {
    const { sender } = await senderTo(() => ({ status: 200 }), {
      headers: { authorization: 'Bearer t' },
    });
    sender.add(span(1));
    await sender.close();
    expect(receiver?.accepted[0]?.headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
  });

  it('a 400 is not retried: the batch is counted refused', async () => {
    const { sender, warnings, url } = await senderTo((n) =>
      n === 1 ? { status: 400 } : { status: 200 },
    );
    for (let i = 0; i < 15; i++) sender.add(span(i));
    await sender.close();
    expect(receiver?.requestCount()).toBe(2);
    expect(sender.stats()).toMatchObject({ delivered: 5, dropped: { refused: 10 } });
    expect(warnings).toEqual([
      `10 of 15 spans not delivered to ${url}: 10 refused (last error: HTTP 400)`,
    ]);
  });

  it('gives a batch up after retry.maxAttempts, then goes on with the next', async () => {
    const { sender, warnings, url } = await senderTo(
      (n) => (n <= 3 ? { status: 502 } : { status: 200 }),
      {
        retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
      },
    );
    for (let i = 0; i < 20; i++) sender.add(span(i));
    await sender.close();
    expect(receiver?.requestCount()).toBe(4);
    expect(warnings).toEqual([
      `10 of 20 spans not delivered to ${url}: 10 given up after retries (last error: HTTP 502)`,
    ]);
  });

  it('counts the spans a receiver rejects in an OTLP partial success', async () => {
    const { sender, warnings, url } = await senderTo(() => ({
      status: 200,
      body: '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"too old"}}',
    }));
    for (let i = 0; i < 10; i++) sender.add(span(i));
    await sender.close();
    expect(sender.stats()).toMatchObject({ delivered: 7, dropped: { rejected: 3 } });
    expect(warnings).toEqual([`3 of 10 spans not delivered to ${url}: 3 rejected by the receiver`]);
  });

  it('flush() sends what is queued now, before the batch delay', async () => {
    const { sender } = await senderTo(() => ({ status: 200 }), {
      batch: { size: 100, delayMs: 600_000 },
    });
    for (let i = 0; i < 3; i++) sender.add(span(i));
    await sender.flush();
    expect(receiver?.spans().size).toBe(3);
    await sender.close();
  });

  it('room(): none to wait for below maxQueue; when full, it comes with the next delivery', async () => {
    const { sender } = await senderTo(() => ({ status: 200 }), {
      batch: { size: 10, delayMs: 0, maxQueue: 10 },
    });
    for (let i = 0; i < 9; i++) sender.add(span(i));
    expect(sender.room()).toBeUndefined();
    sender.add(span(9)); // the queue is full: a batch of 10 is on its way
    const wait = sender.room();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(sender.stats().delivered).toBe(10);
    expect(sender.room()).toBeUndefined();
    await sender.close();
  });

  it('room(): none to wait for while deliveries fail; what does not fit is dropped and counted', async () => {
    const { sender } = await senderTo(() => ({ status: 503 }), {
      batch: { size: 10, delayMs: 0, maxQueue: 10 },
      retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 200 },
      closeTimeoutMs: 100,
    });
    for (let i = 0; i < 10; i++) sender.add(span(i));
    const wait = sender.room(); // full, and no delivery has failed yet
    expect(wait).toBeInstanceOf(Promise);
    await wait; // the first attempt failed: waiting ends
    expect(sender.room()).toBeUndefined(); // the queue is still full, the receiver failing
    sender.add(span(10));
    await sender.close();
    expect(sender.stats()).toMatchObject({
      received: 11,
      delivered: 0,
      dropped: { queueFull: 1, unsentAtClose: 10 },
    });
  });

  it('a span added after close is counted as dropped', async () => {
    const { sender, warnings } = await senderTo(() => ({ status: 200 }));
    await sender.close();
    sender.add(span(1));
    expect(sender.stats().dropped.queueFull).toBe(1);
    expect(warnings).toEqual([]);
  });
});

describe('resolveOtlpOptions', () => {
  it('defaults: the OpenTelemetry exporter variables, else localhost:4318', () => {
    expect(resolveOtlpOptions({}, {})).toEqual({
      url: 'http://localhost:4318/v1/traces',
      headers: {},
      batchSize: 512,
      batchDelayMs: 1000,
      maxQueue: 2048,
      maxAttempts: 6,
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      timeoutMs: 10_000,
      closeTimeoutMs: 5000,
      protocol: undefined,
      serviceName: 'unknown_service',
    });
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'checkout',
    };
    expect(resolveOtlpOptions(undefined, env)).toMatchObject({
      url: 'https://otel.example.com/v1/traces',
      protocol: 'http/json',
      serviceName: 'checkout',
    });
    expect(
      resolveOtlpOptions({}, { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/t' }).url,
    ).toBe('http://c:4318/t');
    expect(resolveOtlpOptions({ batch: { size: 4096 } }, {}).maxQueue).toBe(4096);
  });

  it('pino’s own keys in a target’s options are not options of ours', () => {
    expect(() =>
      resolveOtlpOptions({ $context: {}, pinoWillSendConfig: true } as never, {}),
    ).not.toThrow();
  });

  it.each([
    [{ url: 'ftp://x' }, 'url', 'url must be an http: or https: URL'],
    [{ batchSize: 10 }, 'batchSize', 'options has an unknown key "batchSize"'],
    [{ batch: { size: 0 } }, 'batch.size', 'batch.size must be an integer >= 1'],
    [
      { batch: { size: 100, maxQueue: 10 } },
      'batch.maxQueue',
      'batch.maxQueue must be an integer >= 100',
    ],
    [
      { batch: { sizes: 1 } },
      'batch.sizes',
      'batch has an unknown key "sizes": did you mean "size"?',
    ],
    [
      { retry: { maxAttempts: 1.5 } },
      'retry.maxAttempts',
      'retry.maxAttempts must be an integer >= 1',
    ],
    [{ retry: [] }, 'retry', 'retry must be an object'],
    [{ headers: { a: 1 } }, 'headers.a', 'headers.a must be a string'],
    [{ protocol: 'grpc' }, 'protocol', 'protocol must be "http/json" or "http/protobuf"'],
    [{ serviceName: '' }, 'serviceName', 'serviceName must be a non-empty string'],
    ['fast', 'options', 'options must be an object'],
  ])('%j is refused, naming %s', (options, field, problem) => {
    const refusal = (() => {
      try {
        resolveOtlpOptions(options as never, {});
      } catch (error) {
        return error;
      }
    })() as ContextValidationError;
    expect(refusal).toBeInstanceOf(ContextValidationError);
    expect([refusal.field, refusal.message]).toEqual([field, `leanllm-context/otlp: ${problem}`]);
  });
});
