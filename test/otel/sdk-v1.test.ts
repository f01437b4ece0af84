// The same processor on the OpenTelemetry SDK 1.x (`@opentelemetry/sdk-trace-base` 1.30,
// installed as the `@opentelemetry/sdk-trace-base-v1` alias): the peer range covers both majors.
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base-v1';
import { expect, it } from 'vitest';
import { section, withContext } from '../../src/index.js';
import { contextSpanProcessor } from '../../src/otel/index.js';

it('stamps spans of a 1.x BasicTracerProvider, explicit attributes winning', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [contextSpanProcessor(), new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('v1');
  withContext({ sessionId: 's1', userId: 'u1', tags: { tier: 'pro' } }, () =>
    section('plan', () => {
      tracer.startSpan('inside', { attributes: { 'user.id': 'explicit' } }).end();
    }),
  );
  tracer.startSpan('outside').end();
  expect(exporter.getFinishedSpans().map((span) => [span.name, span.attributes])).toEqual([
    [
      'inside',
      {
        'user.id': 'explicit',
        'session.id': 's1',
        'leanllm.section_path': 'plan',
        'leanllm.tag.tier': 'pro',
      },
    ],
    ['outside', {}],
  ]);
});
