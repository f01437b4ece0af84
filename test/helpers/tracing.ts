import type { Attributes, Tracer } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A real OpenTelemetry SDK tracer whose finished spans are kept in memory. */
export interface Tracing {
  readonly provider: BasicTracerProvider;
  readonly tracer: Tracer;
  /** The finished spans, in the order they ended. */
  finished(): ReadableSpan[];
  /** The finished spans' names and attributes, in the order they ended. */
  spans(): Array<{ name: string; attributes: Attributes }>;
  /** The attributes of the one finished span called `name`. */
  attributesOf(name: string): Attributes;
}

/**
 * A `BasicTracerProvider` with `processor` first, then a `SimpleSpanProcessor` exporting to an
 * `InMemorySpanExporter`.
 */
export function tracing(processor: SpanProcessor, options: { sampler?: Sampler } = {}): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    ...options,
    spanProcessors: [processor, new SimpleSpanProcessor(exporter)],
  });
  const spans = () =>
    exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes }));
  return {
    provider,
    tracer: provider.getTracer('leanllm-context-test'),
    finished: () => exporter.getFinishedSpans(),
    spans,
    attributesOf(name) {
      const found = spans().filter((span) => span.name === name);
      if (found.length !== 1) throw new Error(`${found.length} finished spans called ${name}`);
      return (found[0] as { attributes: Attributes }).attributes;
    },
  };
}
