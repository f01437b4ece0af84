import { describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  clearGlobalContext,
  getCurrentContext,
  setGlobalContext,
  withContext,
  withImportedContext,
} from '../../src/index.js';

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

/** Every entry point that takes context fields from a caller, as "run `read` inside them". */
const ENTRY_POINTS: [string, (fields: unknown, read: () => unknown) => unknown][] = [
  ['withContext', (fields, read) => withContext(fields as never, read)],
  [
    'setGlobalContext',
    (fields, read) => {
      setGlobalContext(fields as never);
      try {
        return read();
      } finally {
        clearGlobalContext();
      }
    },
  ],
  ['withImportedContext', (fields, read) => withImportedContext({ version: 1, fields }, read)],
];

class SessionFields {
  sessionId = 's1';
}

/** Objects that try to get a value past validation, and the message each is rejected with. */
const BYPASSES: [string, () => unknown, RegExp][] = [
  [
    'a null-prototype object with a newline',
    () => Object.assign(Object.create(null), { sessionId: 'in\nvalid' }),
    /context field "sessionId" must not contain control characters \(found U\+000A at index 2\)$/,
  ],
  [
    'a class instance',
    () => new SessionFields(),
    /must be (a plain )?(an )?object, got an instance of SessionFields$/,
  ],
  [
    'an object whose prototype holds the value',
    () => Object.create({ sessionId: 'inherited' }),
    /must be (a plain )?(an )?object, got an object$/,
  ],
  [
    'a proxy that claims a plain prototype around a class instance',
    () =>
      new Proxy(new SessionFields(), {
        getPrototypeOf: () => Object.prototype,
        get: (target, key) => (key === 'sessionId' ? 'in\nvalid' : Reflect.get(target, key)),
      }),
    /context field "sessionId" must not contain control characters \(found U\+000A at index 2\)$/,
  ],
  [
    'a proxy whose getPrototypeOf trap throws',
    () =>
      new Proxy(
        {},
        {
          getPrototypeOf: () => {
            throw new Error('no prototype for you');
          },
        },
      ),
    /could not be read: no prototype for you$/,
  ],
  [
    'a proxy whose ownKeys trap throws something unprintable',
    () =>
      new Proxy(
        { sessionId: 's1' },
        {
          ownKeys: () => {
            throw Object.create(null);
          },
        },
      ),
    /could not be read: \(a value that cannot be printed\)$/,
  ],
];

describe.each(ENTRY_POINTS)('%s cannot be bypassed', (_, enter) => {
  it.each(BYPASSES)('rejects %s', (_, fields, message) => {
    let thrown: unknown;
    try {
      enter(fields(), () => undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContextValidationError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('keeps the value it validated: a proxy that changes its answer after validation', () => {
    /** A plain object whose every read after the first answers with a newline. */
    const changing = <T extends object>(target: T) => {
      const reads = new Map<PropertyKey, number>();
      return new Proxy(target, {
        get: (object, key) => {
          const count = (reads.get(key) ?? 0) + 1;
          reads.set(key, count);
          const value = Reflect.get(object, key);
          return count === 1 || typeof value !== 'string' ? value : 'in\nvalid';
        },
      });
    };
    const fields = changing({ sessionId: 's1', tags: changing({ tier: 'pro' }) });
    const seen = enter(fields, () => getCurrentContext());
    expect(seen).toEqual({ sessionId: 's1', tags: { tier: 'pro' } });
  });

  it('copies a null-prototype object: later writes to it change nothing', () => {
    const fields = Object.assign(Object.create(null), { sessionId: 's1' });
    const seen = enter(fields, () => {
      fields.sessionId = 'changed later';
      return getCurrentContext();
    });
    expect(seen).toEqual({ sessionId: 's1' });
  });
});
