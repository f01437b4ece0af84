import { describe, expect, it } from 'vitest';
import { currentFrame } from '../../src/context/state.js';
import {
  ContextValidationError,
  exportContext,
  getCurrentContext,
  trace,
  withContext,
  withImportedContext,
} from '../../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The error withImportedContext throws for `input`, or undefined when it does not throw. */
function importError(input: unknown): { name: string; field: string; message: string } | undefined {
  let ran = false;
  try {
    withImportedContext(input, () => {
      ran = true;
    });
  } catch (error) {
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(ContextValidationError);
    expect(error).toBeInstanceOf(TypeError);
    const { name, field, message } = error as ContextValidationError;
    return { name, field, message };
  }
  return undefined;
}

describe('exportContext', () => {
  it('is a versioned, JSON-safe copy of every field in effect (user id and tags included)', () => {
    const exported = trace({ correlationId: TRACE_ID }, () =>
      withContext({ sessionId: 's', userId: 'u', samplingIteration: 0, tags: { a: '1' } }, () =>
        exportContext(),
      ),
    );
    expect(exported).toEqual({
      version: 1,
      fields: {
        sessionId: 's',
        samplingIteration: 0,
        userId: 'u',
        correlationId: TRACE_ID,
        tags: { a: '1' },
      },
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(Object.isFrozen(exported.fields)).toBe(false);
  });

  it('is { version: 1, fields: {} } outside every scope', () => {
    expect(exportContext()).toEqual({ version: 1, fields: {} });
  });
});

describe('withImportedContext', () => {
  it('runs fn inside the imported context, after JSON, and returns what fn returns', async () => {
    const exported = JSON.parse(
      JSON.stringify(
        withContext({ sessionId: 's', tags: { ['__proto__']: 'p', b: '2' } }, () =>
          exportContext(),
        ),
      ),
    );
    const seen = await withImportedContext(exported, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return getCurrentContext();
    });
    expect(seen).toEqual({ sessionId: 's', tags: { ['__proto__']: 'p', b: '2' } });
    expect(Object.keys(seen.tags ?? {})).toEqual(['__proto__', 'b']);
    expect(getCurrentContext()).toEqual({});
  });

  it('imports over the ambient context, and a correlation id opens a correlation scope', () => {
    const exported = { version: 1, fields: { correlationId: TRACE_ID, feature: 'worker' } };
    const { context, chain } = withContext({ feature: 'ambient', environment: 'prod' }, () =>
      withImportedContext(exported, () => ({
        context: getCurrentContext(),
        chain: currentFrame().chain,
      })),
    );
    expect(context).toEqual({ feature: 'worker', environment: 'prod', correlationId: TRACE_ID });
    expect(chain).toEqual({ correlationId: TRACE_ID, lastRequestId: undefined });
  });

  it('a bad import is a ContextValidationError naming what is wrong, and fn never runs', () => {
    const error = (field: string, message: string) => ({
      name: 'ContextValidationError',
      field,
      message: `invalid exported context: ${message}`,
    });
    expect(importError(undefined)).toEqual(
      error('(exported)', 'expected the object exportContext() returns, got undefined'),
    );
    expect(importError('{"version":1}')).toEqual(
      error(
        '(exported)',
        'expected the object exportContext() returns, got string "{\\"version\\":1}"',
      ),
    );
    expect(importError([])).toEqual(
      error('(exported)', 'expected the object exportContext() returns, got an array'),
    );
    expect(importError({ version: 1, fields: {}, extra: 1 })).toEqual(
      error('extra', 'unknown key "extra"'),
    );
    expect(importError({ fields: {} })).toEqual(
      error('version', 'unsupported version undefined: this leanllm-context reads version 1'),
    );
    expect(importError({ version: 2, fields: {} })).toEqual(
      error('version', 'unsupported version number 2: this leanllm-context reads version 1'),
    );
    expect(importError({ version: 1 })).toEqual(
      error('fields', '"fields" must be an object, got undefined'),
    );
    expect(importError({ version: 1, fields: { session_id: 's' } })).toEqual(
      error('session_id', 'unknown context field "session_id": did you mean "sessionId"?'),
    );
    expect(importError({ version: 1, fields: { sessionId: 's', requestId: 'a\nb' } })).toEqual(
      error(
        'requestId',
        'context field "requestId" must not contain control characters (found U+000A at index 1)',
      ),
    );
    expect(importError({ version: 1, fields: { sessionId: null } })).toEqual(
      error('sessionId', 'context field "sessionId" must not be null'),
    );
    expect(importError({ version: 1, fields: { tags: { a: '1', b: null } } })).toEqual(
      error('tags.b', 'context field "tags.b" must not be null'),
    );
    expect(importError({ version: 1, fields: JSON.parse('{"__proto__":{"x":1}}') })).toEqual(
      error('__proto__', 'unknown context field "__proto__"'),
    );
    expect(importError({ version: 1, fields: { samplingIteration: -1 } })).toEqual(
      error(
        'samplingIteration',
        'context field "samplingIteration" must be an integer >= 0, got number -1',
      ),
    );
  });

  it('is bounded: an oversized import is rejected before its content is read', () => {
    const fields: Record<string, string> = {};
    for (let index = 0; index < 100_000; index++) fields[`k${index}`] = 'v';
    expect(importError({ version: 1, fields })).toEqual({
      name: 'ContextValidationError',
      field: 'fields',
      message: 'invalid exported context: "fields" has 100000 keys; a context has at most 11',
    });
    const tags = Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`t${index}`, 'v']));
    expect(importError({ version: 1, fields: { tags } })?.message).toBe(
      'invalid exported context: context field "tags" must have at most 32 entries, got 33',
    );
  });
});
