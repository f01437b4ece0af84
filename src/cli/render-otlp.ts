import packageJson from '../../package.json' with { type: 'json' };
import type { LlmEvent } from '../events/schema.js';
import { OTEL_TAG_PREFIX } from '../fields/context-fields.js';
import { OTEL_ERROR_TYPE } from '../fields/event-fields.js';
import type { OtlpType } from '../fields/field.js';
import {
  LINE_FIELD_BY_NAME,
  LINE_FIELDS,
  type LineField,
  type LineFieldName,
} from '../fields/line-fields.js';
import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import { sha256 } from '../util/sha256.js';
import { isValidSpanId, isValidTraceId } from '../util/trace-ids.js';
import { type CallDetails, callField } from './call-details.js';

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

/** The span id of a call: its event id when that is 16 hex digits, else 8 bytes of its SHA-256. */
export function spanIdOf(eventId: string): string {
  const id = eventId.toLowerCase();
  return isValidSpanId(id) ? id : hex(`leanllm.event\n${eventId}`, 16);
}

/** Unix nanoseconds as OTLP/JSON writes a fixed64: a decimal string (ms kept to the µs). */
const unixNanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

type AnyValue =
  | { stringValue: string }
  | { intValue: number }
  | { doubleValue: number }
  | { boolValue: boolean };

interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

function anyValue(type: OtlpType, value: unknown): AnyValue | undefined {
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
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'reasoningTokens',
  'serviceTier',
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

/** The span's attributes: GenAI semantic-convention names first, then `leanllm.*` ones. */
function attributesOf(node: ExecutionNode, event: LlmEvent | undefined): KeyValue[] {
  const attributes: KeyValue[] = [];
  for (const field of ATTRIBUTE_FIELDS) {
    if (field.spec.kind === 'error') {
      if (node.status === 'error') {
        attributes.push({
          key: OTEL_ERROR_TYPE,
          value: { stringValue: event?.error?.type ?? '_OTHER' },
        });
      }
      continue;
    }
    const value = callField(node, event, field.name);
    const attribute = value === undefined ? undefined : anyValue(field.spec.otlp, value);
    if (attribute !== undefined)
      attributes.push({ key: field.otelKey as string, value: attribute });
  }
  for (const [key, value] of Object.entries(event?.tags ?? {})) {
    attributes.push({ key: `${OTEL_TAG_PREFIX}${key}`, value: { stringValue: value } });
  }
  return attributes;
}

/**
 * The span's parent: the parent call's span, also when that call is not in the log (an orphan's
 * parent may be in another file of the same trace), but not for a call whose parent link was cut
 * to break a loop (its parent is in the graph, yet it is a root).
 */
function parentSpanIdOf(node: ExecutionNode, isRoot: boolean, ids: ReadonlySet<string>) {
  if (node.parentRequestId === undefined) return undefined;
  if (isRoot && ids.has(node.parentRequestId)) return undefined;
  return spanIdOf(node.parentRequestId);
}

function spanOf(
  node: ExecutionNode,
  traceId: string,
  parentSpanId: string | undefined,
  event: LlmEvent | undefined,
) {
  const error = node.status === 'error';
  return {
    traceId,
    spanId: spanIdOf(node.eventId),
    ...(parentSpanId !== undefined && { parentSpanId }),
    name: event?.operation === undefined ? node.model : `${event.operation} ${node.model}`,
    kind: SPAN_KIND_CLIENT,
    startTimeUnixNano: unixNanos(node.startTime),
    endTimeUnixNano: unixNanos(node.endTime),
    attributes: attributesOf(node, event),
    status: error
      ? { code: STATUS_CODE_ERROR, ...(event?.error && { message: event.error.message }) }
      : {},
  };
}

/**
 * `--format otlp`: one OTLP/JSON `ExportTraceServiceRequest` (what an OTLP/HTTP collector takes
 * at `/v1/traces` with `Content-Type: application/json`): a CLIENT span per LLM call, from
 * `time - latency_ms` to `time`, its parent the call that made it, its trace the correlation's
 * (`traceIdOf`), its attributes in GenAI semantic-convention names (`docs/otel.md`), and an
 * ERROR status with the error's message when the call failed. Written in pieces.
 */
export function* renderOtlp(
  graphs: readonly ExecutionGraph[],
  details: CallDetails,
): Generator<string> {
  const scope = { name: packageJson.name, version: packageJson.version };
  const resource = {
    attributes: [{ key: 'service.name', value: { stringValue: 'unknown_service' } }],
  };
  yield `{"resourceSpans":[{"resource":${JSON.stringify(resource)},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[`;
  let first = true;
  for (const graph of graphs) {
    const traceId = traceIdOf(graph.correlationId);
    const nodes = graph.flatten();
    const ids = new Set(nodes.map((node) => node.eventId));
    const roots = new Set(graph.roots);
    const pieces: string[] = [];
    for (const node of nodes) {
      const parent = parentSpanIdOf(node, roots.has(node), ids);
      const span = spanOf(node, traceId, parent, details.get(node.correlationId, node.eventId));
      pieces.push(`${first ? '' : ','}${JSON.stringify(span)}`);
      first = false;
    }
    yield pieces.join('');
  }
  yield ']}]}]}\n';
}
