// The README's OpenTelemetry example: spans started inside a context carry it as attributes.
// Run: node examples/otel-spans.mjs

import { trace as otel } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { section, trace, withContext } from 'leanllm-context';
import { contextSpanProcessor } from 'leanllm-context/otel';

const exporter = new InMemorySpanExporter(); // your OTLP exporter in production
const provider = new BasicTracerProvider({
  spanProcessors: [contextSpanProcessor(), new SimpleSpanProcessor(exporter)],
});
otel.setGlobalTracerProvider(provider);
const tracer = otel.getTracer('app');

trace({ correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }, () =>
  withContext({ sessionId: 'sess-1', userId: 'u-42', modelId: 'gpt-4o-mini' }, () =>
    section('agent:planner', () => {
      const span = tracer.startSpan('chat gpt-4o-mini', {
        attributes: { 'gen_ai.operation.name': 'chat' },
      });
      span.end();
    }),
  ),
);

for (const span of exporter.getFinishedSpans()) {
  console.log(JSON.stringify({ name: span.name, attributes: span.attributes }, null, 2));
}
