import packageJson from '../../package.json' with { type: 'json' };
import type { LlmEvent } from '../events/schema.js';
import type { ExecutionGraph, ExecutionNode } from '../graph/execution-graph.js';
import { OTEL_ATTRIBUTE_NAMES, OTEL_TAG_PREFIX } from '../otel/attribute-names.js';
import { OTEL_ERROR_TYPE, OTEL_EVENT_ATTRIBUTE_NAMES } from '../otel/event-attribute-names.js';
import { sha256 } from '../util/sha256.js';
import { isValidSpanId, isValidTraceId } from '../util/trace-ids.js';
import type { CallDetails } from './call-details.js';

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

/** The attributes that are fractional numbers, even when a value happens to be whole. */
const DOUBLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  OTEL_EVENT_ATTRIBUTE_NAMES.cost,
  OTEL_EVENT_ATTRIBUTE_NAMES.ttftMs,
  OTEL_EVENT_ATTRIBUTE_NAMES.sampleRate,
]);

function anyValue(key: string, value: string | number | boolean): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return DOUBLE_ATTRIBUTES.has(key) ? { doubleValue: value } : { intValue: value };
}

/** The span's attributes: GenAI semantic-convention names first, then `leanllm.*` ones. */
function attributesOf(node: ExecutionNode, event: LlmEvent | undefined): KeyValue[] {
  const names = OTEL_EVENT_ATTRIBUTE_NAMES;
  const context = OTEL_ATTRIBUTE_NAMES;
  const pairs: [string, string | number | boolean | undefined][] = [
    [names.operation, event?.operation],
    [names.provider, node.provider],
    [names.model, node.model],
    [names.responseModel, event?.responseModel],
    [names.correlationId, node.correlationId],
    [names.inputTokens, node.inputTokens],
    [names.outputTokens, node.outputTokens],
    [names.cacheReadTokens, event?.cacheReadTokens],
    [names.cacheWriteTokens, event?.cacheWriteTokens],
    [names.reasoningTokens, event?.reasoningTokens],
    [OTEL_ERROR_TYPE, node.status === 'error' ? (event?.error?.type ?? '_OTHER') : undefined],
    [context.sessionId, event?.sessionId],
    [context.userId, event?.userId],
    [context.environment, event?.environment],
    [names.eventId, node.eventId],
    [names.parentRequestId, node.parentRequestId],
    [names.status, node.status],
    [names.totalTokens, node.totalTokens],
    [names.cost, node.cost],
    [names.costSource, event?.costSource],
    [names.priceTable, event?.priceTable],
    [names.ttftMs, event?.ttftMs],
    [names.stream, event?.stream],
    [names.sampleRate, event?.sampleRate],
    [context.requestId, event?.requestId],
    [context.samplingIteration, event?.samplingIteration],
    [context.feature, event?.feature],
    [context.section, node.section],
    [names.toolCalls, event?.toolCalls.length ? JSON.stringify(event.toolCalls) : undefined],
    [names.prompt, event?.prompt],
    [names.completion, event?.completion],
  ];
  for (const [key, value] of Object.entries(event?.tags ?? {})) {
    pairs.push([`${OTEL_TAG_PREFIX}${key}`, value]);
  }
  const attributes: KeyValue[] = [];
  for (const [key, value] of pairs) {
    if (value !== undefined) attributes.push({ key, value: anyValue(key, value) });
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
