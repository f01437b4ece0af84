import { describe, expect, it } from 'vitest';
import { ContextValidationError, getCurrentContext, withContext } from '../../src/index.js';

/** The error `withContext(fields)` throws, or undefined when it accepts them. */
function rejectionOf(fields: unknown): ContextValidationError | undefined {
  try {
    withContext(fields as never, () => undefined);
    return undefined;
  } catch (error) {
    if (error instanceof ContextValidationError) return error;
    throw error;
  }
}

const tagsOf = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));

describe('context validation: each rule and its exact message', () => {
  it.each([
    [{ foo: 'x' }, 'foo', 'unknown context field "foo"'],
    [
      { session_id: 'x' },
      'session_id',
      'unknown context field "session_id": did you mean "sessionId"?',
    ],
    [{ sesionId: 'x' }, 'sesionId', 'unknown context field "sesionId": did you mean "sessionId"?'],
    [
      { SessionID: 'x' },
      'SessionID',
      'unknown context field "SessionID": did you mean "sessionId"?',
    ],
    [
      { section_path: 'x' },
      'section_path',
      'unknown context field "section_path": did you mean "section"?',
    ],
    [
      { corelation_id: 'x' },
      'corelation_id',
      'unknown context field "corelation_id": did you mean "correlationId"?',
    ],
    [{ sessionId: 42 }, 'sessionId', 'context field "sessionId" must be a string, got number 42'],
    [{ userId: true }, 'userId', 'context field "userId" must be a string, got boolean true'],
    [{ feature: ['a'] }, 'feature', 'context field "feature" must be a string, got an array'],
    [{ requestId: '' }, 'requestId', 'context field "requestId" must not be empty'],
    [
      { modelId: 'x'.repeat(257) },
      'modelId',
      'context field "modelId" must be at most 256 characters, got 257',
    ],
    [
      { environment: 'prod\nuction' },
      'environment',
      'context field "environment" must not contain control characters (found U+000A at index 4)',
    ],
    [
      { correlationId: 'a\u0000' },
      'correlationId',
      'context field "correlationId" must not contain control characters (found U+0000 at index 1)',
    ],
    [
      { parentRequestId: '\u009b' },
      'parentRequestId',
      'context field "parentRequestId" must not contain control characters (found U+009B at index 0)',
    ],
    [
      { samplingIteration: -1 },
      'samplingIteration',
      'context field "samplingIteration" must be an integer >= 0, got number -1',
    ],
    [
      { samplingIteration: 1.5 },
      'samplingIteration',
      'context field "samplingIteration" must be an integer >= 0, got number 1.5',
    ],
    [
      { samplingIteration: '2' },
      'samplingIteration',
      'context field "samplingIteration" must be an integer >= 0, got string "2"',
    ],
    [
      { samplingIteration: Number.NaN },
      'samplingIteration',
      'context field "samplingIteration" must be an integer >= 0, got number NaN',
    ],
    [{ tags: tagsOf(33) }, 'tags', 'context field "tags" must have at most 32 entries, got 33'],
    [
      { tags: { 'a b': 'x' } },
      'tags',
      'context field "tags" has an invalid key "a b": tag keys must match [A-Za-z0-9_.:-]{1,64}',
    ],
    [
      { tags: { '': 'x' } },
      'tags',
      'context field "tags" has an invalid key "": tag keys must match [A-Za-z0-9_.:-]{1,64}',
    ],
    [
      { tags: { ['k'.repeat(65)]: 'x' } },
      'tags',
      `context field "tags" has an invalid key "${'k'.repeat(65)}": tag keys must match [A-Za-z0-9_.:-]{1,64}`,
    ],
    [
      { tags: { tier: 3 } },
      'tags.tier',
      'context field "tags.tier" must be a string of 1-256 characters, got number 3',
    ],
    [
      { tags: { tier: '' } },
      'tags.tier',
      'context field "tags.tier" must be a string of 1-256 characters, got an empty string',
    ],
    [
      { tags: { tier: 'x'.repeat(257) } },
      'tags.tier',
      'context field "tags.tier" must be a string of 1-256 characters, got 257',
    ],
    [
      { tags: { tier: 'a\tb' } },
      'tags.tier',
      'context field "tags.tier" must not contain control characters (found U+0009 at index 1)',
    ],
    [
      { tags: ['x'] },
      'tags',
      'context field "tags" must be an object of string tags, got an array',
    ],
    [
      { tags: 'tier=pro' },
      'tags',
      'context field "tags" must be an object of string tags, got string "tier=pro"',
    ],
    [null, '(fields)', 'context fields must be a plain object, got null'],
    [['sessionId'], '(fields)', 'context fields must be a plain object, got an array'],
    ['sessionId=x', '(fields)', 'context fields must be a plain object, got string "sessionId=x"'],
    [
      new (class Fields {
        sessionId = 'x';
      })(),
      '(fields)',
      'context fields must be a plain object, got an instance of Fields',
    ],
  ])('%j → %s', (fields, field, message) => {
    const error = rejectionOf(fields);
    expect(error).toBeInstanceOf(ContextValidationError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.name).toBe('ContextValidationError');
    expect(error?.field).toBe(field);
    expect(error?.message).toBe(message);
  });

  it('accepts the limits exactly', () => {
    const fields = {
      sessionId: 'x'.repeat(256),
      samplingIteration: 0,
      tags: { ...tagsOf(31), ['k'.repeat(64)]: 'v'.repeat(256) },
    };
    expect(rejectionOf(fields)).toBeUndefined();
  });

  it('accepts a null-prototype object and copies it', () => {
    const fields = Object.assign(Object.create(null), { sessionId: 's1' });
    withContext(fields, () => {
      fields.sessionId = 'changed later';
      expect(getCurrentContext()).toEqual({ sessionId: 's1' });
    });
  });

  it('reads a proxy once: the value validated is the value kept', () => {
    let reads = 0;
    const fields = new Proxy(
      { sessionId: 'placeholder' },
      { get: () => (++reads === 1 ? 'valid' : 'in\nvalid') },
    );
    withContext(fields, () => {
      expect(getCurrentContext().sessionId).toBe('valid');
      expect(getCurrentContext().sessionId).toBe('valid');
    });
  });

  it('turns a throwing getter into a ContextValidationError', () => {
    const fields = {
      get sessionId(): string {
        throw new Error('no session here');
      },
    };
    const error = rejectionOf(fields);
    expect(error?.message).toBe('context fields could not be read: no session here');
  });

  it('keeps a tag named __proto__ as a plain tag', () => {
    const tags = JSON.parse('{"__proto__":"polluted?","ok":"1"}');
    withContext({ tags }, () => {
      const snapshot = getCurrentContext();
      expect(Object.keys(snapshot.tags ?? {})).toEqual(['__proto__', 'ok']);
      expect(Object.getPrototypeOf(snapshot.tags)).toBe(Object.prototype);
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
