// Our context and OpenTelemetry's are independent: the processor reads OUR context when a span
// starts, synchronously inside tracer.startSpan, in the caller's async context. These tests
// pin that down with no OpenTelemetry context manager and with AsyncLocalStorageContextManager.
import { EventEmitter } from 'node:events';
import { context, trace as otelTrace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindContext, section, trace, withContext } from '../../src/index.js';
import { contextSpanProcessor } from '../../src/otel/index.js';
import { sleep } from '../helpers/capture.js';
import { tracing } from '../helpers/tracing.js';

describe.each([
  { manager: 'no context manager', register: false },
  { manager: 'AsyncLocalStorageContextManager', register: true },
])('with $manager', ({ register }) => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    if (register) expect(context.setGlobalContextManager(manager.enable())).toBe(true);
  });
  afterAll(() => {
    if (register) context.disable();
  });

  it('spans started across awaits carry the context of the code that started them', async () => {
    const { tracer, spans } = tracing(contextSpanProcessor());
    await trace({ correlationId: 'c1' }, () =>
      withContext({ sessionId: 's1' }, () =>
        tracer.startActiveSpan('request', async (request) => {
          await sleep(1);
          await section('agent:planner', async () => {
            await tracer.startActiveSpan('plan', async (plan) => {
              await Promise.resolve();
              tracer.startSpan('llm call').end();
              plan.end();
            });
          });
          await new Promise<void>((resolve) => setImmediate(resolve));
          tracer.startSpan('reply').end();
          request.end();
        }),
      ),
    );
    const flow = { 'gen_ai.conversation.id': 'c1', 'session.id': 's1' };
    const planner = { ...flow, 'leanllm.section_path': 'agent:planner' };
    expect(spans()).toEqual([
      { name: 'llm call', attributes: planner },
      { name: 'plan', attributes: planner },
      { name: 'reply', attributes: flow },
      { name: 'request', attributes: flow },
    ]);
  });

  it('follows our context, not the span parent: a child started in another scope carries that scope', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    const parent = withContext({ sessionId: 'flow-a' }, () => tracer.startSpan('parent'));
    const underParent = otelTrace.setSpan(context.active(), parent);
    withContext({ sessionId: 'flow-b' }, () =>
      tracer.startSpan('child in flow b', undefined, underParent).end(),
    );
    tracer.startSpan('child outside our scopes', undefined, underParent).end();
    parent.end();
    expect(attributesOf('parent')).toEqual({ 'session.id': 'flow-a' });
    expect(attributesOf('child in flow b')).toEqual({ 'session.id': 'flow-b' });
    expect(attributesOf('child outside our scopes')).toEqual({});
  });

  it('a callback fired from outside the scope needs bindContext, whatever OpenTelemetry binds', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    const emitter = new EventEmitter();
    withContext({ sessionId: 's1' }, () => {
      emitter.on(
        'plain',
        context.bind(context.active(), () => tracer.startSpan('plain').end()),
      );
      emitter.on(
        'bound',
        bindContext(() => tracer.startSpan('bound').end()),
      );
    });
    emitter.emit('plain');
    emitter.emit('bound');
    expect(attributesOf('plain')).toEqual({});
    expect(attributesOf('bound')).toEqual({ 'session.id': 's1' });
  });

  it('OpenTelemetry parents spans only when a context manager is registered; our attributes do not depend on it', async () => {
    const { tracer, finished } = tracing(contextSpanProcessor());
    await withContext({ userId: 'u1' }, () =>
      tracer.startActiveSpan('parent', async (parent) => {
        await sleep(1);
        tracer.startSpan('child').end();
        parent.end();
      }),
    );
    const [child, parent] = finished();
    expect(child?.attributes).toEqual({ 'user.id': 'u1' });
    expect(parent?.attributes).toEqual({ 'user.id': 'u1' });
    expect(child?.parentSpanContext?.spanId).toBe(
      register ? parent?.spanContext().spanId : undefined,
    );
  });
});
