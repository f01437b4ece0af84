import { afterEach, describe, expect, it } from 'vitest';
import {
  asyncWithContext,
  ContextValidationError,
  clearGlobalContext,
  generateRequestId,
  getCorrelationId,
  getCurrentContext,
  getFeature,
  getModelId,
  getRequestId,
  getSamplingIteration,
  getSessionId,
  getUserId,
  section,
  setGlobalContext,
  trace,
  withContext,
} from '../../src/index.js';
import { sleep } from '../helpers/capture.js';

afterEach(() => clearGlobalContext());

describe('withContext', () => {
  it('returns what fn returns and is empty outside any scope', () => {
    expect(getCurrentContext()).toEqual({});
    expect(withContext({ sessionId: 's1' }, () => 42)).toBe(42);
    expect(getCurrentContext()).toEqual({});
  });

  it('keeps a Promise a Promise, with the context across awaits and timers', async () => {
    const result = withContext({ sessionId: 's1' }, async () => {
      await sleep(1);
      const afterTimer = getSessionId();
      await Promise.resolve();
      return afterTimer;
    });
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe('s1');
    expect(getSessionId()).toBeUndefined();
  });

  it('merges nested scopes: the inner wins, the outer fields stay', () => {
    withContext({ sessionId: 'outer', userId: 'u1', feature: 'search' }, () => {
      withContext({ sessionId: 'inner', modelId: 'gpt-4o' }, () => {
        expect(getCurrentContext()).toEqual({
          sessionId: 'inner',
          modelId: 'gpt-4o',
          userId: 'u1',
          feature: 'search',
        });
      });
      expect(getCurrentContext()).toEqual({ sessionId: 'outer', userId: 'u1', feature: 'search' });
    });
  });

  it('merges tags key by key, inner winning, and null removes one tag', () => {
    withContext({ tags: { tier: 'pro', region: 'eu' } }, () => {
      withContext({ tags: { region: 'us', team: 'search' } }, () => {
        expect(getCurrentContext().tags).toEqual({ tier: 'pro', region: 'us', team: 'search' });
        withContext({ tags: { tier: null } }, () => {
          expect(getCurrentContext().tags).toEqual({ region: 'us', team: 'search' });
        });
      });
    });
  });

  it('null clears an inherited field, and tags: null clears every tag', () => {
    withContext({ sessionId: 's1', userId: 'u1', tags: { a: '1' } }, () => {
      withContext({ userId: null, tags: null }, () => {
        expect(getCurrentContext()).toEqual({ sessionId: 's1' });
        withContext({ tags: { b: '2' } }, () => {
          expect(getCurrentContext()).toEqual({ sessionId: 's1', tags: { b: '2' } });
        });
      });
      expect(getUserId()).toBe('u1');
    });
  });

  it('undefined means "not set": it does not clear', () => {
    withContext({ sessionId: 's1' }, () => {
      withContext({ sessionId: undefined }, () => expect(getSessionId()).toBe('s1'));
    });
  });

  it('restores the previous context after a throw', () => {
    withContext({ sessionId: 'outer' }, () => {
      expect(() =>
        withContext({ sessionId: 'inner' }, () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(getSessionId()).toBe('outer');
    });
  });

  it('restores the previous context after a rejection', async () => {
    await withContext({ sessionId: 'outer' }, async () => {
      await expect(
        withContext({ sessionId: 'inner' }, async () => {
          await sleep(1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(getSessionId()).toBe('outer');
    });
  });

  it('throws ContextValidationError before the callback runs', () => {
    let ran = false;
    expect(() =>
      withContext({ sessionId: '' }, () => {
        ran = true;
      }),
    ).toThrow(ContextValidationError);
    expect(ran).toBe(false);
  });

  it('returns a frozen snapshot', () => {
    withContext({ sessionId: 's1', tags: { a: '1' } }, () => {
      const snapshot = getCurrentContext();
      expect(Object.isFrozen(snapshot)).toBe(true);
      expect(Object.isFrozen(snapshot.tags)).toBe(true);
    });
  });

  it('answers every getter from the context in effect', () => {
    const fields = {
      sessionId: 's1',
      requestId: 'r1',
      modelId: 'm1',
      samplingIteration: 3,
      userId: 'u1',
      feature: 'f1',
      correlationId: 'c1',
    };
    withContext(fields, () => {
      expect([
        getSessionId(),
        getRequestId(),
        getModelId(),
        getSamplingIteration(),
        getUserId(),
        getFeature(),
        getCorrelationId(),
      ]).toEqual(['s1', 'r1', 'm1', 3, 'u1', 'f1', 'c1']);
    });
    expect([getSessionId(), getSamplingIteration(), getCorrelationId()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('asyncWithContext', () => {
  it('always returns a Promise, also for a sync fn', async () => {
    const result = asyncWithContext({ feature: 'f' }, () => getFeature());
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe('f');
  });

  it('reports invalid fields as a rejection', async () => {
    await expect(asyncWithContext({ feature: 7 as never }, () => 1)).rejects.toThrow(
      'context field "feature" must be a string, got number 7',
    );
  });
});

describe('trace', () => {
  it('gives everything inside one 32-hex correlation id, fresh per call', async () => {
    const seen: (string | undefined)[] = [];
    const first = await trace(async () => {
      seen.push(getCorrelationId());
      await sleep(1);
      seen.push(getCorrelationId());
      await Promise.all([1, 2].map(async () => seen.push(getCorrelationId())));
      return getCorrelationId();
    });
    const second = trace(() => getCorrelationId());
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect(seen).toEqual([first, first, first, first]);
    expect(getCorrelationId()).toBeUndefined();
  });

  it('takes a given correlation id and other fields', () => {
    trace({ correlationId: 'flow-1', feature: 'checkout' }, () => {
      expect(getCurrentContext()).toEqual({ correlationId: 'flow-1', feature: 'checkout' });
    });
  });

  it('a nested trace starts a new correlation', () => {
    trace(() => {
      const outer = getCorrelationId();
      trace(() => expect(getCorrelationId()).not.toBe(outer));
      expect(getCorrelationId()).toBe(outer);
    });
  });
});

describe('section', () => {
  it('nests names into section_path', async () => {
    await section('agent:researcher', async () => {
      await sleep(1);
      section('step:plan', () => {
        expect(getCurrentContext().section).toBe('agent:researcher/step:plan');
      });
      expect(getCurrentContext().section).toBe('agent:researcher');
    });
  });

  it('validates the name like any context string', () => {
    expect(() => section('', () => 1)).toThrow('context field "section" must not be empty');
  });
});

describe('global context', () => {
  it('is below every scope, merges on set, and clears', () => {
    setGlobalContext({ environment: 'prod', feature: 'global', tags: { region: 'eu' } });
    setGlobalContext({ feature: 'global-2' });
    expect(getCurrentContext()).toEqual({
      environment: 'prod',
      feature: 'global-2',
      tags: { region: 'eu' },
    });
    withContext({ feature: 'scoped', tags: { tier: 'pro' } }, () => {
      expect(getCurrentContext()).toEqual({
        environment: 'prod',
        feature: 'scoped',
        tags: { region: 'eu', tier: 'pro' },
      });
      withContext({ environment: null, tags: null }, () => {
        expect(getCurrentContext()).toEqual({ feature: 'scoped' });
      });
    });
    clearGlobalContext();
    expect(getCurrentContext()).toEqual({});
  });

  it('a change is seen by scopes already open', () => {
    withContext({ sessionId: 's1' }, () => {
      expect(getCurrentContext()).toEqual({ sessionId: 's1' });
      setGlobalContext({ userId: 'u-late' });
      expect(getCurrentContext()).toEqual({ sessionId: 's1', userId: 'u-late' });
    });
  });
});

describe('generateRequestId', () => {
  it('returns distinct URL-safe ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateRequestId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });
});
