import type { LlmEvent } from '../events/schema.js';
import { OTEL_TAG_PREFIX } from '../fields/context-fields.js';
import { OTEL_ERROR_TYPE, USAGE_FIELD_NAMES } from '../fields/event-fields.js';
import type { OtlpType } from '../fields/field.js';
import {
  LINE_FIELD_BY_NAME,
  LINE_FIELDS,
  type LineField,
  type LineFieldName,
} from '../fields/line-fields.js';
import { totalTokensOf } from '../graph/total-tokens.js';
import { sha256 } from '../util/sha256.js';
import { isValidSpanId, isValidTraceId } from '../util/trace-ids.js';

// One call's OTLP span, for `leanllm-logs --format otlp` (the whole log at once) and the
// `leanllm-context/otlp` transport (one line at a time) alike.

/** OTLP `Span.SpanKind.SPAN_KIND_CLIENT`: a call to a remote service (the model provider). */
const SPAN_KIND_CLIENT = 3;
/** OTLP `Status.StatusCode.STATUS_CODE_ERROR`. */
const STATUS_CODE_ERROR = 2;

const hex = (text: string, length: number) => sha256(text).slice(0, length);

/**
 * The trace id of a correlation: the correlation id itself when it is a trace id already (32 hex
 * digits, as `generateCorrelationId` makes them and W3C `traceparent` carries them), else the
 * first 16 bytes of its SHA-256: the same correlation always gets the same trace.
 */
export function traceIdOf(correlationId: string): string {
  const id = correlationId.toLowerCase();
  return isValidTraceId(id) ? id : hex(`leanllm.correlation\n${correlationId}`, 32);
}

/**
 * The span id of a call: its event id when that is 16 hex digits, else 8 bytes of its SHA-256.
 * Derived from the id alone, so a child's span names its parent's span without seeing the
 * parent's line, and a span sent twice is the same span.
 */
export function spanIdOf(eventId: string): string {
  const id = eventId.toLowerCase();
  return isValidSpanId(id) ? id : hex(`leanllm.event\n${eventId}`, 16);
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

function anyValue(type: OtlpType, value: unknown): OtlpAnyValue | undefined {
  switch (type) {
    case 'string':
      return { stringValue: value as string };
    case 'int':
      return { intValue: value as number };
    case 'double':
      return { doubleValue: value as number };
    case 'bool':
      return { boolValue: value as boolean };
    case 'json':
      return Array.isArray(value) && value.length === 0
        ? undefined
        : { stringValue: JSON.stringify(value) };
    default:
      return undefined;
  }
}

/**
 * The attributes' order: GenAI semantic-convention names first, then `leanllm.*` ones; a field
 * of the registry not listed here follows, in registry order, then a `leanllm.tag.<key>` per tag.
 */
const ATTRIBUTE_ORDER: readonly LineFieldName[] = [
  'operation',
  'provider',
  'model',
  'responseModel',
  'correlationId',
  ...USAGE_FIELD_NAMES,
  'error', // as `error.type`
  'sessionId',
  'userId',
  'environment',
  'eventId',
  'parentRequestId',
  'status',
  'totalTokens',
  'cost',
  'costSource',
  'priceTable',
  'ttftMs',
  'stream',
  'sampleRate',
  'requestId',
  'samplingIteration',
  'feature',
  'section',
  'toolCalls',
  'prompt',
  'completion',
];

/** The line fields that are span attributes (not tags), in attribute order. */
const ATTRIBUTE_FIELDS: readonly LineField[] = [
  ...ATTRIBUTE_ORDER.flatMap((name) => LINE_FIELD_BY_NAME.get(name) ?? []),
  ...LINE_FIELDS.filter((field) => !ATTRIBUTE_ORDER.includes(field.name)),
].filter(
  (field) =>
    field.spec.kind === 'error' ||
    (field.otelKey !== undefined && field.spec.kind !== 'map' && field.spec.otlp !== 'span'),
);

/** A field's value for its attribute: the event's, the total tokens as the graph counts them. */
const attributeValue = (event: LlmEvent, name: LineFieldName): unknown =>
  name === 'totalTokens' ? totalTokensOf(event) : event[name];

/** The span's attributes: GenAI semantic-convention names first, then `leanllm.*` ones. */
function attributesOf(event: LlmEvent): OtlpKeyValue[] {
  const attributes: OtlpKeyValue[] = [];
  for (const field of ATTRIBUTE_FIELDS) {
    if (field.spec.kind === 'error') {
      if (event.status === 'error') {
        const type = event.error?.type ?? '_OTHER';
        attributes.push({ key: OTEL_ERROR_TYPE, value: { stringValue: type } });
      }
      continue;
    }
    const value = attributeValue(event, field.name);
    const attribute = value === undefined ? undefined : anyValue(field.spec.otlp, value);
    if (attribute !== undefined) {
      attributes.push({ key: field.otelKey as string, value: attribute });
    }
  }
  for (const [key, value] of Object.entries(event.tags ?? {})) {
    attributes.push({ key: `${OTEL_TAG_PREFIX}${key}`, value: { stringValue: value } });
  }
  return attributes;
}

/**
 * The GenAI span of one LLM call: a CLIENT span from `time - latency_ms` to `time`, in the trace
 * of its correlation (`traceIdOf`), named `{operation} {model}`, its attributes in GenAI
 * semantic-convention names from the field registry (`docs/otel.md`), an ERROR status with the
 * error's message when the call failed. `parentSpanId` is the caller's: the span of the call's
 * `parentRequestId` as a rule (`spanIdOf`), none for a root.
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
