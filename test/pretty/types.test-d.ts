import type { PrettyOptions } from 'pino-pretty';
import { describe, expectTypeOf, it } from 'vitest';
import leanllmPretty, { messageFormat, prettyOptions } from '../../src/pretty/index.js';

describe('the pretty target’s types', () => {
  it('the pretty pieces are pino-pretty options', () => {
    expectTypeOf(prettyOptions({ translateTime: 'SYS:HH:MM:ss' })).toExtend<PrettyOptions>();
    expectTypeOf(messageFormat).toExtend<NonNullable<PrettyOptions['messageFormat']>>();
    expectTypeOf(leanllmPretty).parameter(0).toEqualTypeOf<PrettyOptions | undefined>();
  });
});
