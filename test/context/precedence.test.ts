import { afterEach, expect, it } from 'vitest';
import {
  clearGlobalContext,
  configure,
  contextLogger,
  contextMixin,
  resetConfiguration,
  setGlobalContext,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';

afterEach(() => {
  clearGlobalContext();
  resetConfiguration();
});

it('per-call log field > innermost scope > outer scope > global > configuration', () => {
  const viaMixin = capture({ mixin: contextMixin() });
  const viaLogger = capture();
  const log = contextLogger(viaLogger.logger);
  const both = (fn: (logger: typeof log) => void) => {
    fn(viaMixin.logger);
    fn(log);
  };
  configure({ environment: 'from-configure' });
  both((l) => l.info('configure'));
  setGlobalContext({ environment: 'from-global', tags: { level: 'global', g: '1' } });
  both((l) => l.info('global'));
  withContext({ environment: 'from-outer', tags: { level: 'outer', o: '1' } }, () => {
    both((l) => l.info('outer'));
    withContext({ environment: 'from-inner', tags: { level: 'inner' } }, () => {
      both((l) => l.info('inner'));
      both((l) => l.info({ environment: 'from-call' }, 'call'));
    });
  });
  const expected = [
    { level: 30, environment: 'from-configure', msg: 'configure' },
    { level: 30, environment: 'from-global', tags: { level: 'global', g: '1' }, msg: 'global' },
    {
      level: 30,
      environment: 'from-outer',
      tags: { level: 'outer', g: '1', o: '1' },
      msg: 'outer',
    },
    {
      level: 30,
      environment: 'from-inner',
      tags: { level: 'inner', g: '1', o: '1' },
      msg: 'inner',
    },
    { level: 30, environment: 'from-call', tags: { level: 'inner', g: '1', o: '1' }, msg: 'call' },
  ];
  expect(viaMixin.lines()).toEqual(expected);
  expect(viaLogger.lines()).toEqual(expected);
});
