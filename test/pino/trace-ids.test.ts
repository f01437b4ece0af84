import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextMixin, withContext } from '../../src/index.js';
import { capture } from '../helpers/capture.js';

const tracer = new BasicTracerProvider().getTracer('trace-ids-test');

describe('contextMixin({ otelTraceIds: true })', () => {
  it('writes nothing of OpenTelemetry while no context manager is registered', () => {
    const { logger, lines } = capture({ mixin: contextMixin({ otelTraceIds: true }) });
    tracer.startActiveSpan('no manager', (span) => {
      withContext({ sessionId: 's' }, () => logger.info('x'));
      span.end();
    });
    expect(lines()).toEqual([{ level: 30, session_id: 's', msg: 'x' }]);
  });

  describe('with a context manager registered', () => {
    beforeAll(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    });
    afterAll(() => context.disable());

    it("writes the active span's ids as @opentelemetry/instrumentation-pino does, only inside a span", async () => {
      const { logger, lines } = capture({ mixin: contextMixin({ otelTraceIds: true }) });
      const plain = capture({ mixin: contextMixin() });
      let ids: { traceId: string; spanId: string; traceFlags: number } | undefined;
      // instrumentation-pino's own reading of the active span, for comparison
      let theirs: Record<string, string> | undefined;
      await tracer.startActiveSpan('work', async (span) => {
        ids = span.spanContext();
        await withContext({ sessionId: 's' }, async () => {
          await Promise.resolve();
          logger.info('inside');
          plain.logger.info('inside');
          const active = trace.getSpan(context.active())?.spanContext();
          if (active && isSpanContextValid(active)) {
            theirs = {
              trace_id: active.traceId,
              span_id: active.spanId,
              trace_flags: `0${active.traceFlags.toString(16)}`,
            };
          }
        });
        span.end();
      });
      logger.info('outside');
      expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(lines()).toEqual([
        {
          level: 30,
          session_id: 's',
          trace_id: ids?.traceId,
          span_id: ids?.spanId,
          trace_flags: '01',
          msg: 'inside',
        },
        { level: 30, msg: 'outside' },
      ]);
      expect(lines()[0]).toMatchObject(theirs as object);
      expect(plain.lines()).toEqual([{ level: 30, session_id: 's', msg: 'inside' }]);
    });

    it('follows the span and the context from line to line (the merged fields are not stale)', () => {
      const { logger, lines } = capture({ mixin: contextMixin({ otelTraceIds: true }) });
      const seen: string[] = [];
      for (const name of ['one', 'two']) {
        tracer.startActiveSpan(name, (span) => {
          seen.push(span.spanContext().spanId);
          withContext({ sessionId: name }, () => logger.info('a'));
          withContext({ sessionId: `${name}-inner`, tags: { t: name } }, () => logger.info('b'));
          span.end();
        });
      }
      expect(lines().map((line) => [line.session_id, line.span_id, line.tags])).toEqual([
        ['one', seen[0], undefined],
        ['one-inner', seen[0], { t: 'one' }],
        ['two', seen[1], undefined],
        ['two-inner', seen[1], { t: 'two' }],
      ]);
      expect(seen[0]).not.toBe(seen[1]);
    });

    it('leaves out a span whose context is not valid (a non-recording placeholder)', () => {
      const { logger, lines } = capture({ mixin: contextMixin({ otelTraceIds: true }) });
      context.with(
        trace.setSpan(
          context.active(),
          trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }),
        ),
        () => logger.info('x'),
      );
      expect(lines()).toEqual([{ level: 30, msg: 'x' }]);
    });
  });
});
