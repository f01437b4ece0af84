import { afterEach, describe, expect, it } from 'vitest';
import {
  clearGlobalContext,
  contextMixin,
  getCurrentContext,
  setGlobalContext,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { itWritesEveryLineWhateverTheStoreHolds } from '../helpers/hostile-stores.js';

afterEach(() => clearGlobalContext());

describe('contextMixin', () => {
  it('stamps the non-empty context on every line, under the log keys, in table order', () => {
    const { logger, raw } = capture({ mixin: contextMixin() });
    withContext(
      {
        sessionId: 's1',
        requestId: 'r1',
        modelId: 'gpt-4o',
        samplingIteration: 0,
        userId: 'u1',
        feature: 'search',
        environment: 'test',
        correlationId: 'c1',
        parentRequestId: 'p1',
        section: 'agent',
        tags: { tier: 'pro' },
      },
      () => logger.info('hello'),
    );
    expect(raw).toEqual([
      '{"level":30,"session_id":"s1","request_id":"r1","model_id":"gpt-4o","sampling_iteration":0,"user_id":"u1","feature":"search","environment":"test","correlation_id":"c1","parent_request_id":"p1","section_path":"agent","tags":{"tier":"pro"},"msg":"hello"}\n',
    ]);
  });

  it('adds nothing outside any scope, and only the global context when one is set', () => {
    const { logger, raw } = capture({ mixin: contextMixin() });
    logger.info('bare');
    setGlobalContext({ environment: 'prod' });
    logger.info('global');
    expect(raw).toEqual([
      '{"level":30,"msg":"bare"}\n',
      '{"level":30,"environment":"prod","msg":"global"}\n',
    ]);
  });

  it('survives the Object.assign trap: a field of one call never leaks into the next line', () => {
    const { logger, raw } = capture({ mixin: contextMixin() });
    withContext({ sessionId: 's1', tags: { a: '1' } }, () => {
      logger.info({ a: 1, tags: { injected: 'yes' } }, 'first');
      logger.info('x');
    });
    logger.info({ b: 2 }, 'outside');
    logger.info('x');
    expect(raw).toEqual([
      '{"level":30,"session_id":"s1","tags":{"injected":"yes"},"a":1,"msg":"first"}\n',
      '{"level":30,"session_id":"s1","tags":{"a":"1"},"msg":"x"}\n',
      '{"level":30,"b":2,"msg":"outside"}\n',
      '{"level":30,"msg":"x"}\n',
    ]);
  });

  it('survives a merge strategy that writes into nested objects', () => {
    const { logger, lines } = capture({
      mixin: contextMixin(),
      mixinMergeStrategy: (mergeObject, mixinObject) => {
        const target = mixinObject as { tags?: Record<string, string> };
        if (target.tags) target.tags.written = 'by strategy';
        return Object.assign(mixinObject, mergeObject);
      },
    });
    withContext({ tags: { a: '1' } }, () => {
      logger.info('one');
      logger.info('two');
      expect(getCurrentContext().tags).toEqual({ a: '1' });
    });
    expect(lines().map((line) => line.tags)).toEqual([
      { a: '1', written: 'by strategy' },
      { a: '1', written: 'by strategy' },
    ]);
  });

  it('lets the fields a log call passes win over the context', () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    withContext({ sessionId: 'from-context', feature: 'f' }, () =>
      logger.info({ session_id: 'from-call' }, 'm'),
    );
    expect(lines()).toEqual([{ level: 30, session_id: 'from-call', feature: 'f', msg: 'm' }]);
  });

  it('composes with a mixin of your own: theirs after the context, the call over both', () => {
    const calls: unknown[] = [];
    const { logger, raw } = capture({
      mixin: contextMixin({
        mixin: (mergeObject, level) => {
          calls.push([mergeObject, level]);
          return { build: '1.4.2', feature: 'theirs' };
        },
      }),
    });
    withContext({ sessionId: 's1', feature: 'ours' }, () => logger.warn({ k: 1 }, 'm'));
    expect(raw).toEqual([
      '{"level":40,"session_id":"s1","feature":"theirs","build":"1.4.2","k":1,"msg":"m"}\n',
    ]);
    expect(calls).toEqual([[{ k: 1 }, 40]]);
  });

  it('is not called below the level', () => {
    let calls = 0;
    const { logger, raw } = capture({
      level: 'warn',
      mixin: contextMixin({ mixin: () => ({ n: ++calls }) }),
    });
    withContext({ sessionId: 's1' }, () => {
      logger.info('dropped');
      logger.error('kept');
    });
    expect(calls).toBe(1);
    expect(raw).toEqual(['{"level":50,"session_id":"s1","n":1,"msg":"kept"}\n']);
  });

  itWritesEveryLineWhateverTheStoreHolds(() => {
    const { logger, raw } = capture({ mixin: contextMixin() });
    return { log: logger, raw };
  });
});
