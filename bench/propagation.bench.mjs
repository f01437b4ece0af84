// Propagation costs: writing and reading the context headers, against OpenTelemetry's own W3C
// propagators doing the same work, and a loopback fetch with and without instrumentFetch.
import http from 'node:http';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace as otelTrace,
  propagation,
  ROOT_CONTEXT,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  extractContext,
  injectContext,
  instrumentFetch,
  trace,
  withContext,
  withContextFromHeaders,
} from '../dist/index.js';
import { compareInterleaved } from './harness.mjs';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const FIELDS = {
  sessionId: 'sess-7f3a9c',
  requestId: 'req-V1StGXR8_Z5jdHi6B',
  modelId: 'gpt-4o-mini',
  feature: 'search',
  environment: 'production',
};
/** The scenarios that read the context run their whole measurement inside it. */
const inContext = (body) => trace({ correlationId: TRACE_ID }, () => withContext(FIELDS, body));

const HEADERS = inContext(() => injectContext({}));
const baggagePropagator = new W3CBaggagePropagator();
const traceContextPropagator = new W3CTraceContextPropagator();
const otelContext = otelTrace.setSpanContext(
  propagation.setBaggage(
    ROOT_CONTEXT,
    propagation.createBaggage(
      Object.fromEntries(
        HEADERS.baggage.split(',').map((member) => {
          const [key, value] = member.split('=');
          return [key, { value: decodeURIComponent(value) }];
        }),
      ),
    ),
  ),
  { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED },
);
const OTEL = 'OpenTelemetry propagators (baggage + trace context)';

export const description = `Writing and reading the headers of a 6-field context (${HEADERS.baggage.length}-byte baggage and a traceparent), against OpenTelemetry's W3CBaggagePropagator and W3CTraceContextPropagator doing the same; and a loopback fetch with and without instrumentFetch. Scenarios interleaved in one process (11 rounds, 21 for fetch; median of per-round medians). On a shared 2-core machine the fetch figures move by ±30% from run to run.`;

export const groups = {
  inject: () =>
    compareInterleaved(
      'Write the headers',
      [
        {
          name: OTEL,
          fn: () => {
            const carrier = {};
            baggagePropagator.inject(otelContext, carrier, defaultTextMapSetter);
            traceContextPropagator.inject(otelContext, carrier, defaultTextMapSetter);
            return carrier;
          },
        },
        { name: 'injectContext({})', fn: () => injectContext({}), scope: inContext },
      ],
      { rounds: 11 },
    ),
  extract: () =>
    compareInterleaved(
      'Read the headers',
      [
        {
          name: OTEL,
          fn: () =>
            traceContextPropagator.extract(
              baggagePropagator.extract(ROOT_CONTEXT, HEADERS, defaultTextMapGetter),
              HEADERS,
              defaultTextMapGetter,
            ),
        },
        { name: 'extractContext(headers)', fn: () => extractContext(HEADERS) },
        {
          name: 'withContextFromHeaders(headers, fn)',
          fn: () => withContextFromHeaders(HEADERS, () => undefined),
        },
      ],
      { rounds: 11 },
    ),
  fetch: async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/`;
    const get = async () => (await fetch(url)).text();
    const uninstall = instrumentFetch({ origins: [url] });
    const result = await compareInterleaved(
      'A loopback fetch (request and response)',
      [
        // instrumentFetch is installed for both; outside any context it has nothing to add.
        { name: 'fetch, no context', fn: get },
        {
          name: 'fetch, in a context (instrumentFetch adds the headers)',
          fn: get,
          scope: inContext,
        },
      ],
      { rounds: 21 },
    );
    uninstall();
    server.close();
    return result;
  },
};
