// One log line inside a 7-field context and an active OpenTelemetry span: contextMixin alone,
// contextMixin({ otelTraceIds: true }) (reads the span from the API's registered global, imports
// nothing), and contextMixin composed with the mixin @opentelemetry/instrumentation-pino adds
// (trace.getSpan(context.active()) through @opentelemetry/api, its log keys and values).
import { context, isSpanContextValid, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { contextMixin, withContext } from '../dist/index.js';
import { SEVEN_FIELDS as FIELDS } from './context-fields.mjs';
import { compareInterleaved } from './harness.mjs';

const MESSAGE = 'llm call finished';
const BASELINE = 'contextMixin (no span ids)';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = new BasicTracerProvider().getTracer('bench');

/** Runs the measurement inside an active span and a context scope, entered once. */
const inSpan = (body) => tracer.startActiveSpan('bench', () => withContext(FIELDS, body));

/** What instrumentation-pino's mixin does per line (its getLogCorrelationRecord). */
function instrumentationPinoRecord() {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${(spanContext.traceFlags || TraceFlags.NONE).toString(16)}`,
  };
}

const sink = { write() {} };
const scenario = (name, mixin) => () => {
  const logger = pino({ mixin }, sink);
  return { name, fn: () => logger.info(MESSAGE), scope: inSpan };
};

const SCENARIOS = [
  scenario(BASELINE, contextMixin()),
  scenario('contextMixin({ otelTraceIds: true })', contextMixin({ otelTraceIds: true })),
  scenario(
    'contextMixin + instrumentation-pino mixin (@opentelemetry/api)',
    contextMixin({ mixin: instrumentationPinoRecord }),
  ),
];

export const description =
  'One `info` line inside a 7-field context and an active span (AsyncLocalStorageContextManager, SDK tracer), no-op sink. Target: otelTraceIds no slower than the mixin @opentelemetry/instrumentation-pino adds. Scenarios interleaved in one process (21 rounds; median of per-round medians).';

export const groups = {
  'trace ids, head to head': () =>
    compareInterleaved(
      'Trace ids on a line: ours vs instrumentation-pino’s reading, no-op sink',
      SCENARIOS.map((make) => make()),
      { baseline: BASELINE, rounds: 21 },
    ),
};

export const notes = `Reading the figures:
- Both read the same thing (the active context's span; ours straight from the API's registered global, the API through \`trace.getSpan(context.active())\`), a few tens of ns. What costs is the line: three keys added per line to the mixin's object make pino's serialization of it several times slower (V8 leaves the object's fast layout). otelTraceIds merges the context and the span's ids once per frame and span (a one-entry cache) into an object laid out like the context's own and copies that per line, so a line with span ids costs about as much as one without.
- The instrumentation-pino scenario composes its per-line record with contextMixin as a user mixin (\`Object.assign\` into the context's copy), as an application using both would. The package also patches pino at load time (require-in-the-middle / an ESM loader hook) to install its mixin; that cost is not per line and is not measured here. otelTraceIds needs no patching and no import of @opentelemetry/api.`;
