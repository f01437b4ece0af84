import pino from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import { configure, contextLogger, contextMixin, type LogKeys } from '../../src/index.js';

describe("keys: 'otel' types", () => {
  it('takes the two namings and nothing else', () => {
    expectTypeOf<LogKeys>().toEqualTypeOf<'snake_case' | 'otel'>();
    contextMixin({ keys: 'otel', otelTraceIds: true });
    configure({ logKeys: 'snake_case' });
    expectTypeOf(contextLogger(pino(), { keys: 'otel' })).toEqualTypeOf<pino.Logger>();
    // @ts-expect-error: not a naming
    contextMixin({ keys: 'camelCase' });
    // @ts-expect-error: not a naming
    contextLogger(pino(), { keys: 'OTEL' });
  });
});
