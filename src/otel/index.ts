// The OpenTelemetry entry (`leanllm-context/otel`): the span processor, and getSpanAttributes
// again for OpenTelemetry code that imports from one place. Imports nothing from
// `@opentelemetry/*` at run time.
export type { SpanAttributeNames, SpanAttributeOptions } from './attribute-mapping.js';
export type { ContextSpanAttributes } from './span-attributes.js';
export { getSpanAttributes } from './span-attributes.js';
export type {
  ContextSpanProcessor,
  ContextSpanProcessorOptions,
  StartingSpan,
} from './span-processor.js';
export { contextSpanProcessor } from './span-processor.js';
