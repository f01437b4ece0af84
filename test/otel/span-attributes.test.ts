import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
} from '@opentelemetry/semantic-conventions/incubating';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  clearGlobalContext,
  getSpanAttributes,
  section,
  setGlobalContext,
  trace,
  withContext,
} from '../../src/index.js';
import { getSpanAttributes as fromOtelEntry } from '../../src/otel/index.js';

afterEach(() => clearGlobalContext());

describe('getSpanAttributes', () => {
  it('names the fields with a semantic convention as @opentelemetry/semantic-conventions does', () => {
    const attributes = withContext(
      {
        sessionId: 's1',
        userId: 'u1',
        correlationId: 'c1',
        modelId: 'gpt-4o-mini',
        environment: 'production',
      },
      () => getSpanAttributes(),
    );
    expect(attributes).toEqual({
      [ATTR_SESSION_ID]: 's1',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_USER_ID]: 'u1',
      [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: 'production',
      [ATTR_GEN_AI_CONVERSATION_ID]: 'c1',
    });
  });

  it('returns the current context, the global context outside every scope, and nothing when empty', () => {
    expect(getSpanAttributes()).toEqual({});
    setGlobalContext({ environment: 'prod' });
    expect(getSpanAttributes()).toEqual({ 'deployment.environment.name': 'prod' });
    const inside = trace({ correlationId: 'c1' }, () =>
      section('agent', () =>
        withContext({ samplingIteration: 3, tags: { tier: 'pro' } }, () => getSpanAttributes()),
      ),
    );
    expect(inside).toEqual({
      'leanllm.sampling_iteration': 3,
      'deployment.environment.name': 'prod',
      'gen_ai.conversation.id': 'c1',
      'leanllm.section_path': 'agent',
      'leanllm.tag.tier': 'pro',
    });
  });

  it('returns a new object on every call: changing one never reaches the next', () => {
    withContext({ sessionId: 's1' }, () => {
      const first = getSpanAttributes();
      first['session.id'] = 'changed';
      first.extra = 'x';
      expect(getSpanAttributes()).toEqual({ 'session.id': 's1' });
      expect(Object.isFrozen(getSpanAttributes())).toBe(false);
    });
  });

  it('takes the same attributes option as the span processor', () => {
    const attributes = withContext({ sessionId: 's1', userId: 'u1', correlationId: 'c1' }, () =>
      getSpanAttributes({ attributes: { correlationId: 'app.flow_id', userId: false } }),
    );
    expect(attributes).toEqual({ 'session.id': 's1', 'app.flow_id': 'c1' });
  });

  it('keeps a tag or an attribute named __proto__ as an ordinary attribute', () => {
    const tags = JSON.parse('{"__proto__":"tag"}');
    const attributes = withContext({ sessionId: 's1', tags }, () =>
      getSpanAttributes({ attributes: { sessionId: '__proto__', tags: 't.' } }),
    );
    expect(Object.keys(attributes)).toEqual(['__proto__', 't.__proto__']);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toBe('s1');
  });

  it('never lets a tag replace a field its custom prefix collides with', () => {
    const attributes = withContext(
      { feature: 'search', tags: { feature: 'tag', tier: 'pro' } },
      () => getSpanAttributes({ attributes: { tags: 'leanllm.' } }),
    );
    expect(attributes).toEqual({ 'leanllm.feature': 'search', 'leanllm.tier': 'pro' });
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => getSpanAttributes(null as never)).toThrow(
      'getSpanAttributes: options must be an object, got null',
    );
    expect(() => getSpanAttributes({ spans: false } as never)).toThrow(
      new ContextValidationError('spans', 'getSpanAttributes: options has an unknown key "spans"'),
    );
    expect(() => getSpanAttributes({ attributes: { userId: 'x'.repeat(256) } })).toThrow(
      'getSpanAttributes: attributes.userId must be an attribute name (a string of 1-255 characters) or false, got string "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"',
    );
  });

  it('is the same function from leanllm-context and leanllm-context/otel', () => {
    expect(fromOtelEntry).toBe(getSpanAttributes);
  });
});
