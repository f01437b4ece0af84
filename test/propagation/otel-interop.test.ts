import { createHash } from 'node:crypto';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace as otelTrace,
  propagation,
  ROOT_CONTEXT,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configure,
  extractContext,
  injectContext,
  resetConfiguration,
  trace,
  withContext,
} from '../../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const baggagePropagator = new W3CBaggagePropagator();
const traceContextPropagator = new W3CTraceContextPropagator();

afterEach(() => resetConfiguration());

describe('OpenTelemetry reads what injectContext writes', () => {
  it('gives the same baggage values and the same trace', () => {
    configure({
      propagate: [
        'sessionId',
        'requestId',
        'feature',
        'samplingIteration',
        'correlationId',
        'tags',
      ],
    });
    const headers = trace({ correlationId: TRACE_ID }, () =>
      withContext(
        {
          sessionId: 'sess 1/ü;x=y',
          requestId: 'req-1',
          feature: 'search, "quoted"',
          samplingIteration: 2,
          tags: { 'tier:plan': 'pro,1', region: 'eu-west-1' },
        },
        () => injectContext({}),
      ),
    );

    const context = baggagePropagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const entries = propagation.getBaggage(context)?.getAllEntries() ?? [];
    expect(Object.fromEntries(entries.map(([key, entry]) => [key, entry.value]))).toEqual({
      'leanllm.session_id': 'sess 1/ü;x=y',
      'leanllm.request_id': 'req-1',
      'leanllm.sampling_iteration': '2',
      'leanllm.feature': 'search, "quoted"',
      'leanllm.correlation_id': TRACE_ID,
      'leanllm.tags.tier:plan': 'pro,1',
      'leanllm.tags.region': 'eu-west-1',
    });

    const spanContext = otelTrace.getSpanContext(
      traceContextPropagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    );
    const derivedParentId = createHash('sha256').update('req-1').digest('hex').slice(0, 16);
    expect(spanContext).toEqual({
      traceId: TRACE_ID,
      spanId: derivedParentId,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });
});

describe('extractContext reads what OpenTelemetry writes', () => {
  it('baggage entries under leanllm. keys, and the traceparent trace id as the correlation id', () => {
    configure({ propagate: ['sessionId', 'feature', 'correlationId', 'tags'] });
    let context = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({
        'leanllm.session_id': { value: 'sess 1/ü;x=y' },
        'leanllm.feature': { value: 'search, "quoted"' },
        'leanllm.tags.tier:plan': { value: 'pro,1' },
        'leanllm.tags.__proto__': { value: 'own' },
        'other.vendor': { value: 'kept out' },
      }),
    );
    context = otelTrace.setSpanContext(context, {
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    const carrier: Record<string, string> = {};
    baggagePropagator.inject(context, carrier, defaultTextMapSetter);
    traceContextPropagator.inject(context, carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toBe(`00-${TRACE_ID}-00f067aa0ba902b7-01`);

    const dropped: string[] = [];
    const fields = extractContext(carrier, {
      onDropped: (key, reason) => dropped.push(`${key}: ${reason}`),
    });
    expect(fields).toEqual({
      sessionId: 'sess 1/ü;x=y',
      feature: 'search, "quoted"',
      correlationId: TRACE_ID,
      tags: { 'tier:plan': 'pro,1', ['__proto__']: 'own' },
    });
    expect(Object.keys(fields.tags ?? {})).toEqual(['tier:plan', '__proto__']);
    expect(Object.getPrototypeOf(fields.tags)).toBe(Object.prototype);
    expect(dropped).toEqual([]);
  });

  it('a correlation id in the baggage wins over the traceparent', () => {
    const carrier: Record<string, string> = {};
    const context = otelTrace.setSpanContext(
      propagation.setBaggage(
        ROOT_CONTEXT,
        propagation.createBaggage({ 'leanllm.correlation_id': { value: 'checkout-42' } }),
      ),
      { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE },
    );
    baggagePropagator.inject(context, carrier, defaultTextMapSetter);
    traceContextPropagator.inject(context, carrier, defaultTextMapSetter);
    expect(extractContext(carrier)).toEqual({ correlationId: 'checkout-42' });
  });

  it('a trace started by an OpenTelemetry service continues here: the same trace id goes on', () => {
    const carrier: Record<string, string> = {};
    traceContextPropagator.inject(
      otelTrace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID,
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
      }),
      carrier,
      defaultTextMapSetter,
    );
    const outgoing = withContext(extractContext(carrier), () => injectContext({}));
    expect(outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(outgoing.baggage).toBe(`leanllm.correlation_id=${TRACE_ID}`);
  });
});
