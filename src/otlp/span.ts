import { createHash } from 'node:crypto';
import type { LlmEvent } from '../events/schema.js';
import { OTEL_ATTRIBUTE_NAMES, OTEL_TAG_PREFIX } from '../otel/attribute-names.js';
import { OTEL_ERROR_TYPE, OTEL_EVENT_ATTRIBUTE_NAMES } from '../otel/event-attribute-names.js';

/** OTLP `Span.SpanKind.SPAN_KIND_CLIENT`: a call to a remote service (the model provider). */
const SPAN_KIND_CLIENT = 3;
/** OTLP `Status.StatusCode.STATUS_CODE_ERROR`. */
const STATUS_CODE_ERROR = 2;

const hex = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** An id already in OTLP's form (`length` lowercase hex digits, not all zero), or undefined. */
function asOtlpId(id: string, length: number): string | undefined {
  if (id.length !== length || !/^[0-9a-f]+$/i.test(id) || /^0+$/.test(id)) return undefined;
  return id.toLowerCase();
}

/**
 * The trace id of a correlation: the correlation id itself when it is a trace id already (32 hex
 * digits, as `generateCorrelationId` makes them and W3C `traceparent` carries them), else the
 * first 16 bytes of its SHA-256: the same correlation always gets the same trace.
 */
export function traceIdOf(correlationId: string): string {
  return asOtlpId(correlationId, 32) ?? hex(`leanllm.correlation\n${correlationId}`, 32);
}

/**
 * The span id of a call: its event id when that is 16 hex digits, else 8 bytes of its SHA-256.
 * Derived from the id alone, so a child's span names its parent's span without seeing the
 * parent's line, and a span sent twice is the same span.
 */
export function spanIdOf(eventId: string): string {
  return asOtlpId(eventId, 16) ?? hex(`leanllm.event\n${eventId}`, 16);
}

/** Unix nanoseconds as OTLP/JSON writes a fixed64: a decimal string (ms kept to the µs). */
const unixNanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** An OTLP/JSON `AnyValue` of the kinds the spans use. */
export type OtlpAnyValue =
  | { readonly stringValue: string }
  | { readonly intValue: number }
  | { readonly doubleValue: number }
  | { readonly boolValue: boolean };

/** An OTLP/JSON `KeyValue`. */
export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

/** An OTLP/JSON `Span` as the export writes it (ids in hex, times as decimal strings). */
export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpKeyValue[];
  readonly status: { readonly code?: number; readonly message?: string };
}

/** The attributes that are fractional numbers, even when a value happens to be whole. */
const DOUBLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  OTEL_EVENT_ATTRIBUTE_NAMES.cost,
  OTEL_EVENT_ATTRIBUTE_NAMES.ttftMs,
  OTEL_EVENT_ATTRIBUTE_NAMES.sampleRate,
]);

function anyValue(key: string, value: string | number | boolean): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return DOUBLE_ATTRIBUTES.has(key) ? { doubleValue: value } : { intValue: value };
}

/** The span's attributes: GenAI semantic-convention names first, then `leanllm.*` ones. */
function attributesOf(event: LlmEvent): OtlpKeyValue[] {
  const names = OTEL_EVENT_ATTRIBUTE_NAMES;
  const context = OTEL_ATTRIBUTE_NAMES;
  const pairs: [string, string | number | boolean | undefined][] = [
    [names.operation, event.operation],
    [names.provider, event.provider],
    [names.model, event.model],
    [names.responseModel, event.responseModel],
    [names.correlationId, event.correlationId],
    [names.inputTokens, event.inputTokens],
    [names.outputTokens, event.outputTokens],
    [names.cacheReadTokens, event.cacheReadTokens],
    [names.cacheWriteTokens, event.cacheWriteTokens],
    [names.reasoningTokens, event.reasoningTokens],
    [OTEL_ERROR_TYPE, event.status === 'error' ? (event.error?.type ?? '_OTHER') : undefined],
    [context.sessionId, event.sessionId],
    [context.userId, event.userId],
    [context.environment, event.environment],
    [names.eventId, event.eventId],
    [names.parentRequestId, event.parentRequestId],
    [names.status, event.status],
    [names.totalTokens, event.totalTokens],
    [names.cost, event.cost],
    [names.costSource, event.costSource],
    [names.priceTable, event.priceTable],
    [names.ttftMs, event.ttftMs],
    [names.stream, event.stream],
    [names.sampleRate, event.sampleRate],
    [context.requestId, event.requestId],
    [context.samplingIteration, event.samplingIteration],
    [context.feature, event.feature],
    [context.section, event.section],
    [names.toolCalls, event.toolCalls.length ? JSON.stringify(event.toolCalls) : undefined],
    [names.prompt, event.prompt],
    [names.completion, event.completion],
  ];
  for (const [key, value] of Object.entries(event.tags ?? {})) {
    pairs.push([`${OTEL_TAG_PREFIX}${key}`, value]);
  }
  const attributes: OtlpKeyValue[] = [];
  for (const [key, value] of pairs) {
    if (value !== undefined) attributes.push({ key, value: anyValue(key, value) });
  }
  return attributes;
}

/**
 * The GenAI span of one LLM call: a CLIENT span from `time - latency_ms` to `time`, in the trace
 * of its correlation (`traceIdOf`), named `{operation} {model}`, its attributes in GenAI
 * semantic-convention names (`docs/otel.md`), an ERROR status with the error's message when the
 * call failed. `parentSpanId` is the caller's choice: `spanIdOf(event.parentRequestId)` as a
 * rule, none for a root.
 */
export function otlpSpanOf(event: LlmEvent, parentSpanId: string | undefined): OtlpSpan {
  return {
    traceId: traceIdOf(event.correlationId),
    spanId: spanIdOf(event.eventId),
    ...(parentSpanId !== undefined && { parentSpanId }),
    name: event.operation === undefined ? event.model : `${event.operation} ${event.model}`,
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: unixNanos(event.time - event.latencyMs),
    endTimeUnixNano: unixNanos(event.time),
    attributes: attributesOf(event),
    status:
      event.status === 'error'
        ? { code: STATUS_CODE_ERROR, ...(event.error && { message: event.error.message }) }
        : {},
  };
}
