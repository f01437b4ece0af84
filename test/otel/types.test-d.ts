import type { Attributes } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor as SpanProcessorV1 } from '@opentelemetry/sdk-trace-base-v1';
import { describe, expectTypeOf, it } from 'vitest';
import { type ContextSpanAttributes, getSpanAttributes } from '../../src/index.js';
import {
  type ContextSpanProcessorOptions,
  contextSpanProcessor,
  type SpanAttributeNames,
} from '../../src/otel/index.js';

describe('OpenTelemetry types', () => {
  it('the processor is a SpanProcessor of the SDK 2.x and 1.x', () => {
    expectTypeOf(contextSpanProcessor()).toExtend<SpanProcessor>();
    expectTypeOf(contextSpanProcessor()).toExtend<SpanProcessorV1>();
  });

  it('getSpanAttributes returns OpenTelemetry Attributes', () => {
    expectTypeOf(getSpanAttributes()).toEqualTypeOf<ContextSpanAttributes>();
    expectTypeOf(getSpanAttributes()).toExtend<Attributes>();
  });

  it('the attributes option takes context field names only, each a string or false', () => {
    expectTypeOf<{
      correlationId: 'x';
      userId: false;
      tags: 'app.';
    }>().toExtend<SpanAttributeNames>();
    expectTypeOf<{ spans: false }>().toExtend<ContextSpanProcessorOptions>();
    // @ts-expect-error: not a context field
    contextSpanProcessor({ attributes: { session_id: 'x' } });
    // @ts-expect-error: true is not a name
    contextSpanProcessor({ attributes: { userId: true } });
    // @ts-expect-error: spans is the processor's option only
    getSpanAttributes({ spans: false });
  });
});
