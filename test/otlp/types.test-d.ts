import type { Writable } from 'node:stream';
import type { TransportTargetOptions } from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import leanllmOtlp, { type OtlpTransportOptions } from '../../src/otlp/index.js';

describe('the otlp target’s types', () => {
  it('the otlp target takes its options and gives pino a writable stream', () => {
    expectTypeOf(leanllmOtlp).parameter(0).toEqualTypeOf<OtlpTransportOptions | undefined>();
    expectTypeOf(leanllmOtlp).returns.resolves.toExtend<Writable>();
    expectTypeOf<{
      url: string;
      batch: { size: number; maxQueue: number };
    }>().toExtend<OtlpTransportOptions>();
    expectTypeOf<{ batchSize: number }>().not.toExtend<OtlpTransportOptions>();
    expectTypeOf<{
      target: 'leanllm-context/otlp';
      options: OtlpTransportOptions;
    }>().toExtend<TransportTargetOptions>();
  });
});
