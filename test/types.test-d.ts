import pino from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import {
  asyncWithContext,
  type ContextFields,
  type ContextSnapshot,
  contextLogger,
  getCurrentContext,
  trace,
  withContext,
} from '../src/index.js';

describe('public types', () => {
  it('withContext and trace return what fn returns; asyncWithContext a Promise', () => {
    expectTypeOf(withContext({ sessionId: 's' }, () => 1)).toEqualTypeOf<number>();
    expectTypeOf(withContext({}, async () => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(asyncWithContext({}, () => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(trace(() => true)).toEqualTypeOf<boolean>();
    expectTypeOf(trace({ correlationId: 'c' }, () => true)).toEqualTypeOf<boolean>();
  });

  it('ContextFields accepts null to clear and rejects unknown keys', () => {
    expectTypeOf<{ sessionId: null }>().toExtend<ContextFields>();
    expectTypeOf<{ tags: { a: string; b: null } }>().toExtend<ContextFields>();
    expectTypeOf<{ samplingIteration: number }>().toExtend<ContextFields>();
    // @ts-expect-error: unknown field
    withContext({ session_id: 'x' }, () => undefined);
    // @ts-expect-error: wrong type
    withContext({ samplingIteration: '1' }, () => undefined);
  });

  it('the snapshot is readonly and has no nulls', () => {
    expectTypeOf(getCurrentContext()).toEqualTypeOf<ContextSnapshot>();
    expectTypeOf(getCurrentContext().sessionId).toEqualTypeOf<string | undefined>();
    expectTypeOf(getCurrentContext().samplingIteration).toEqualTypeOf<number | undefined>();
    expectTypeOf(getCurrentContext().tags).toEqualTypeOf<
      Readonly<Record<string, string>> | undefined
    >();
  });

  it('contextLogger keeps the logger type, custom levels included', () => {
    const logger = pino({ customLevels: { audit: 35 } });
    expectTypeOf(contextLogger(logger)).toEqualTypeOf(logger);
    expectTypeOf(contextLogger(logger).audit).toBeFunction();
  });
});
