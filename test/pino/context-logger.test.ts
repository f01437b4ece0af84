import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearGlobalContext,
  contextLogger,
  contextMixin,
  setGlobalContext,
  trace,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { itWritesEveryLineWhateverTheStoreHolds } from '../helpers/hostile-stores.js';

afterEach(() => clearGlobalContext());

/** The same script of log calls, run once through a logger. */
function script(log: pino.Logger): void {
  log.info('outside');
  trace({ correlationId: 'c1' }, () => {
    withContext({ sessionId: 's1', tags: { tier: 'pro' } }, () => {
      log.info({ step: 1 }, 'planning');
      log.warn({ session_id: 'from-call' }, 'override');
      log.child({ component: 'tools' }).error('tool failed');
      withContext({ sessionId: null, feature: 'search' }, () => log.debug('debug is below info'));
      log.info('%s formatted %d', 'args', 7);
    });
  });
  setGlobalContext({ environment: 'prod' });
  log.info('global only');
}

describe('contextLogger', () => {
  it('writes the same lines as contextMixin', () => {
    const viaMixin = capture({ mixin: contextMixin() });
    script(viaMixin.logger);
    clearGlobalContext();
    const viaLogger = capture();
    script(contextLogger(viaLogger.logger));
    expect(viaLogger.lines()).toEqual(viaMixin.lines());
    expect(viaLogger.lines()).toEqual([
      { level: 30, msg: 'outside' },
      {
        level: 30,
        session_id: 's1',
        correlation_id: 'c1',
        tags: { tier: 'pro' },
        step: 1,
        msg: 'planning',
      },
      {
        level: 40,
        session_id: 'from-call',
        correlation_id: 'c1',
        tags: { tier: 'pro' },
        msg: 'override',
      },
      {
        level: 50,
        component: 'tools',
        session_id: 's1',
        correlation_id: 'c1',
        tags: { tier: 'pro' },
        msg: 'tool failed',
      },
      {
        level: 30,
        session_id: 's1',
        correlation_id: 'c1',
        tags: { tier: 'pro' },
        msg: 'args formatted 7',
      },
      { level: 30, environment: 'prod', msg: 'global only' },
    ]);
  });

  it('writes byte-identical lines when the call does not repeat a context key', () => {
    const viaMixin = capture({ mixin: contextMixin() });
    const viaLogger = capture();
    const log = contextLogger(viaLogger.logger);
    withContext({ sessionId: 's1', userId: 'u1' }, () => {
      viaMixin.logger.info({ a: 1 }, 'm');
      log.info({ a: 1 }, 'm');
    });
    expect(viaLogger.raw).toEqual(viaMixin.raw);
  });

  it('makes one child per frame, not one per line', () => {
    let children = 0;
    const counting = pino(
      { base: undefined, onChild: () => void children++ },
      { write: () => undefined },
    );
    const log = contextLogger(counting);
    withContext({ sessionId: 's1' }, () => {
      for (let i = 0; i < 100; i++) log.info('line');
    });
    withContext({ sessionId: 's2' }, () => log.info('line'));
    expect(children).toBe(2);
  });

  it('follows level changes, on the wrapper and on the wrapped logger', () => {
    const { logger, lines } = capture();
    const log = contextLogger(logger);
    withContext({ sessionId: 's1' }, () => {
      log.info('warm the cached child');
      log.level = 'warn';
      expect(logger.level).toBe('warn');
      expect(log.isLevelEnabled('info')).toBe(false);
      log.info('dropped');
      log.warn('kept');
      logger.level = 'debug';
      expect(log.level).toBe('debug');
      log.debug('now enabled');
    });
    expect(lines().map((line) => line.msg)).toEqual([
      'warm the cached child',
      'kept',
      'now enabled',
    ]);
  });

  it('supports custom levels, bindings(), setBindings(), flush() and events', () => {
    const raw: string[] = [];
    const base = pino(
      { base: undefined, timestamp: false, customLevels: { audit: 35 } },
      { write: (line: string) => void raw.push(line) },
    ).child({ service: 'api' });
    const log = contextLogger(base);
    const changes: string[] = [];
    log.on('level-change', (label: string) => changes.push(label));
    withContext({ userId: 'u1' }, () => log.audit('audited'));
    expect(log.bindings()).toEqual({ service: 'api' });
    log.setBindings({ region: 'eu' });
    expect(base.bindings()).toEqual({ service: 'api', region: 'eu' });
    log.level = 'warn';
    expect(changes).toEqual(['warn']);
    expect(() => log.flush()).not.toThrow();
    expect(raw).toEqual(['{"level":35,"service":"api","user_id":"u1","msg":"audited"}\n']);
  });

  it('child() returns a context logger too', () => {
    const { logger, raw } = capture();
    const child = contextLogger(logger).child({ component: 'db' });
    withContext({ sessionId: 's1' }, () => child.info('query'));
    child.info('outside');
    expect(raw).toEqual([
      '{"level":30,"component":"db","session_id":"s1","msg":"query"}\n',
      '{"level":30,"component":"db","msg":"outside"}\n',
    ]);
  });

  it('wrapping twice does not stamp the context twice', () => {
    const { logger, raw } = capture();
    const log = contextLogger(contextLogger(logger));
    withContext({ sessionId: 's1' }, () => log.info('once'));
    expect(raw).toEqual(['{"level":30,"session_id":"s1","msg":"once"}\n']);
  });

  itWritesEveryLineWhateverTheStoreHolds(() => {
    const { logger, raw } = capture();
    return { log: contextLogger(logger), raw };
  });
});
