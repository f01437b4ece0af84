/**
 * The active OpenTelemetry span's ids, for log lines, without importing `@opentelemetry/api`
 * (an optional peer): read from the global the API registers its context manager in
 * (`Symbol.for('opentelemetry.js.api.1')`, shared by every copy of API 1.x) and the context key
 * it keeps the active span under — what `trace.getSpan(context.active())` does.
 */

import { isValidSpanId, isValidTraceId } from '../util/trace-ids.js';

/** Where `@opentelemetry/api` 1.x registers its globals (context manager, tracer provider). */
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
/** The context key of the active span (`createContextKey` is `Symbol.for`). */
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

interface SpanContextLike {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}
interface OtelApiGlobal {
  readonly context?: { active(): { getValue(key: symbol): unknown } | undefined };
}

/** The log keys `@opentelemetry/instrumentation-pino` writes, with the same values. */
export interface TraceIdFields {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

/** The span active in OpenTelemetry's context, if the API is in use. Never throws. */
export function activeSpan(): object | undefined {
  try {
    const api = (globalThis as Record<symbol, OtelApiGlobal | undefined>)[API_GLOBAL];
    const span = api?.context?.active()?.getValue(SPAN_KEY);
    return typeof span === 'object' && span !== null ? span : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `{ trace_id, span_id, trace_flags }` of a span, or `undefined` when its span context is not
 * valid (all-zero ids, not a span). Never throws.
 */
export function traceIdFieldsOf(span: object): TraceIdFields | undefined {
  try {
    const ids = (span as { spanContext?(): SpanContextLike }).spanContext?.();
    if (ids === undefined || !isValidTraceId(ids.traceId) || !isValidSpanId(ids.spanId)) {
      return undefined;
    }
    return {
      trace_id: ids.traceId,
      span_id: ids.spanId,
      trace_flags: `0${(ids.traceFlags ?? 0).toString(16)}`,
    };
  } catch {
    return undefined;
  }
}
