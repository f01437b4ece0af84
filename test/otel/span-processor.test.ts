import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  clearGlobalContext,
  configure,
  getCorrelationId,
  resetConfiguration,
  section,
  setGlobalContext,
  trace,
  withContext,
} from '../../src/index.js';
import { contextSpanProcessor } from '../../src/otel/index.js';
import { packageStorage } from '../helpers/hostile-stores.js';
import { tracing } from '../helpers/tracing.js';

afterEach(() => {
  delete process.env.LEANLLM_PROPAGATION;
  clearGlobalContext();
  resetConfiguration();
});

const EVERY_FIELD = {
  sessionId: 's1',
  requestId: 'r1',
  modelId: 'gpt-4o-mini',
  samplingIteration: 0,
  userId: 'u1',
  feature: 'search',
  environment: 'test',
  correlationId: 'c1',
  parentRequestId: 'p1',
  section: 'agent:researcher',
  tags: { tier: 'pro', 'region.eu': 'west' },
};

describe('contextSpanProcessor', () => {
  it('stamps every non-empty field of the context under its OpenTelemetry name', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    withContext(EVERY_FIELD, () => tracer.startSpan('inside').end());
    expect(attributesOf('inside')).toEqual({
      'session.id': 's1',
      'leanllm.request_id': 'r1',
      'gen_ai.request.model': 'gpt-4o-mini',
      'leanllm.sampling_iteration': 0,
      'user.id': 'u1',
      'leanllm.feature': 'search',
      'deployment.environment.name': 'test',
      'gen_ai.conversation.id': 'c1',
      'leanllm.parent_request_id': 'p1',
      'leanllm.section_path': 'agent:researcher',
      'leanllm.tag.tier': 'pro',
      'leanllm.tag.region.eu': 'west',
    });
  });

  it('stamps spans started inside trace() with its correlation id, and inside section() with the path', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    let correlationId: string | undefined;
    trace(() => {
      correlationId = getCorrelationId();
      tracer.startSpan('in trace').end();
      section('agent:researcher', () =>
        section('step:plan', () => tracer.startSpan('in sections').end()),
      );
    });
    expect(correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(attributesOf('in trace')).toEqual({ 'gen_ai.conversation.id': correlationId });
    expect(attributesOf('in sections')).toEqual({
      'gen_ai.conversation.id': correlationId,
      'leanllm.section_path': 'agent:researcher/step:plan',
    });
  });

  it('stamps nothing on spans started outside every scope, and only the global context when one is set', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    tracer.startSpan('outside').end();
    setGlobalContext({ environment: 'prod', feature: 'batch' });
    tracer.startSpan('outside, global context').end();
    expect(attributesOf('outside')).toEqual({});
    expect(attributesOf('outside, global context')).toEqual({
      'leanllm.feature': 'batch',
      'deployment.environment.name': 'prod',
    });
  });

  it('leaves out a field a nested scope cleared with null', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    withContext({ sessionId: 's1', userId: 'u1', tags: { a: '1', b: '2' } }, () =>
      withContext({ userId: null, tags: { a: null } }, () => tracer.startSpan('cleared').end()),
    );
    expect(attributesOf('cleared')).toEqual({ 'session.id': 's1', 'leanllm.tag.b': '2' });
  });

  it('never overwrites an attribute the span is started with (explicit wins)', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    withContext({ sessionId: 's1', modelId: 'gpt-4o-mini', tags: { tier: 'pro' } }, () =>
      tracer
        .startSpan('explicit', {
          attributes: { 'gen_ai.request.model': 'claude-sonnet-4', 'leanllm.tag.tier': 'free' },
        })
        .end(),
    );
    expect(attributesOf('explicit')).toEqual({
      'gen_ai.request.model': 'claude-sonnet-4',
      'leanllm.tag.tier': 'free',
      'session.id': 's1',
    });
  });

  it('never overwrites an attribute a sampler added at start, and a later setAttribute wins over the context', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor(), {
      sampler: {
        shouldSample: () => ({
          decision: SamplingDecision.RECORD_AND_SAMPLED,
          attributes: { 'user.id': 'from-sampler' },
        }),
        toString: () => 'test sampler',
      },
    });
    withContext({ sessionId: 's1', userId: 'u1' }, () => {
      const span = tracer.startSpan('sampled');
      span.setAttribute('session.id', 'set-later');
      span.end();
    });
    expect(attributesOf('sampled')).toEqual({
      'user.id': 'from-sampler',
      'session.id': 'set-later',
    });
  });

  it('sees a change of the global context or configuration made while a scope is open', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    withContext({ sessionId: 's1' }, () => {
      tracer.startSpan('before').end();
      setGlobalContext({ feature: 'late' });
      configure({ environment: 'staging' });
      tracer.startSpan('after').end();
    });
    expect(attributesOf('before')).toEqual({ 'session.id': 's1' });
    expect(attributesOf('after')).toEqual({
      'session.id': 's1',
      'leanllm.feature': 'late',
      'deployment.environment.name': 'staging',
    });
  });

  it('renames or leaves out fields as the attributes option says', () => {
    const { tracer, attributesOf } = tracing(
      contextSpanProcessor({
        attributes: {
          correlationId: 'leanllm.correlation_id',
          userId: false,
          section: 'app.step',
          tags: 'app.tag.',
        },
      }),
    );
    withContext(
      { sessionId: 's1', userId: 'u1', correlationId: 'c1', section: 'plan', tags: { t: 'v' } },
      () => tracer.startSpan('renamed').end(),
    );
    expect(attributesOf('renamed')).toEqual({
      'session.id': 's1',
      'leanllm.correlation_id': 'c1',
      'app.step': 'plan',
      'app.tag.t': 'v',
    });
  });

  it('leaves tags out with tags: false', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor({ attributes: { tags: false } }));
    withContext({ sessionId: 's1', tags: { t: 'v' } }, () => tracer.startSpan('no tags').end());
    expect(attributesOf('no tags')).toEqual({ 'session.id': 's1' });
  });

  it('stamps nothing with spans: false', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor({ spans: false }));
    withContext(EVERY_FIELD, () => tracer.startSpan('off').end());
    expect(attributesOf('off')).toEqual({});
  });

  it('OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION=false turns stamping off; an explicit spans option wins over it', () => {
    process.env.OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION = 'false';
    try {
      const off = tracing(contextSpanProcessor());
      const on = tracing(contextSpanProcessor({ spans: true }));
      withContext({ sessionId: 's1' }, () => {
        off.tracer.startSpan('genai off').end();
        on.tracer.startSpan('spans: true').end();
      });
      expect(off.attributesOf('genai off')).toEqual({});
      expect(on.attributesOf('spans: true')).toEqual({ 'session.id': 's1' });
      process.env.OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION = 'TRUE';
      const back = tracing(contextSpanProcessor());
      withContext({ sessionId: 's1' }, () => back.tracer.startSpan('genai on').end());
      expect(back.attributesOf('genai on')).toEqual({ 'session.id': 's1' });
    } finally {
      delete process.env.OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION;
    }
  });

  it('is not switched off by LEANLLM_PROPAGATION=false nor configure({ propagation: false })', () => {
    process.env.LEANLLM_PROPAGATION = 'false';
    expect(resetConfiguration().propagation).toBe(false);
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    withContext({ sessionId: 's1', userId: 'u1', tags: { t: 'v' } }, () =>
      tracer.startSpan('env off').end(),
    );
    delete process.env.LEANLLM_PROPAGATION;
    resetConfiguration();
    configure({ propagation: false, propagate: [] });
    withContext({ sessionId: 's2' }, () => tracer.startSpan('configured off').end());
    expect(attributesOf('env off')).toEqual({
      'session.id': 's1',
      'user.id': 'u1',
      'leanllm.tag.t': 'v',
    });
    expect(attributesOf('configured off')).toEqual({ 'session.id': 's2' });
  });

  it('stops stamping once shut down', async () => {
    const processor = contextSpanProcessor();
    const { tracer, attributesOf } = tracing(processor);
    await processor.forceFlush();
    withContext({ sessionId: 's1' }, () => tracer.startSpan('before shutdown').end());
    await processor.shutdown();
    withContext({ sessionId: 's1' }, () => tracer.startSpan('after shutdown').end());
    expect(attributesOf('before shutdown')).toEqual({ 'session.id': 's1' });
    expect(attributesOf('after shutdown')).toEqual({});
  });

  it('never throws into the application when the context cannot be read', () => {
    const { tracer, attributesOf } = tracing(contextSpanProcessor());
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const broken = {
      [Symbol.for('leanllm-context.frame.v1')]: true,
      get memo(): never {
        throw new Error('broken frame for the span test');
      },
    };
    const storage = packageStorage();
    storage?.run(broken, () => tracer.startSpan('unreadable').end());
    expect(attributesOf('unreadable')).toEqual({});
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        process.off('warning', onWarning);
        expect(warnings.map((w) => [(w as Error & { code?: string }).code, w.message])).toEqual([
          [
            'LEANLLM_CONTEXT_UNREADABLE',
            'leanllm-context: the context could not be read, spans are started without it (broken frame for the span test)',
          ],
        ]);
        resolve();
      }),
    );
  });
});

describe('contextSpanProcessor options', () => {
  const invalid = (options: unknown) => {
    try {
      contextSpanProcessor(options as never);
    } catch (error) {
      expect(error).toBeInstanceOf(ContextValidationError);
      return [(error as ContextValidationError).field, (error as Error).message];
    }
    return expect.unreachable('no error');
  };

  it('rejects bad options with a message naming the option', () => {
    expect(invalid({ span: false })).toEqual([
      'span',
      'contextSpanProcessor: options has an unknown key "span": did you mean "spans"?',
    ]);
    expect(invalid({ spans: 'no' })).toEqual([
      'spans',
      'contextSpanProcessor: spans must be a boolean, got string "no"',
    ]);
    expect(invalid({ attributes: { session_id: 'sid' } })).toEqual([
      'attributes.session_id',
      'contextSpanProcessor: attributes has an unknown key "session_id": did you mean "sessionId"?',
    ]);
    expect(invalid({ attributes: { userId: '' } })).toEqual([
      'attributes.userId',
      'contextSpanProcessor: attributes.userId must be an attribute name (a string of 1-255 characters) or false, got string ""',
    ]);
    expect(invalid({ attributes: { userId: true } })).toEqual([
      'attributes.userId',
      'contextSpanProcessor: attributes.userId must be an attribute name (a string of 1-255 characters) or false, got boolean true',
    ]);
    expect(invalid({ attributes: 'x' })).toEqual([
      'attributes',
      'contextSpanProcessor: attributes must be an object, got string "x"',
    ]);
    expect(invalid({ attributes: { correlationId: 'session.id' } })).toEqual([
      'attributes.correlationId',
      'contextSpanProcessor: attributes.correlationId names attribute "session.id", already given to attributes.sessionId',
    ]);
    expect(invalid(42)).toEqual([
      'options',
      'contextSpanProcessor: options must be an object, got number 42',
    ]);
  });

  it('accepts a name another field gave up', () => {
    const { tracer, attributesOf } = tracing(
      contextSpanProcessor({ attributes: { sessionId: false, correlationId: 'session.id' } }),
    );
    withContext({ sessionId: 's1', correlationId: 'c1' }, () => tracer.startSpan('moved').end());
    expect(attributesOf('moved')).toEqual({ 'session.id': 'c1' });
  });
});
