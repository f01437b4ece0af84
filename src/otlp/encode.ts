import type { EncodedBatch } from './post.js';
import { OTLP_SCOPE, otlpRequestText, otlpResource } from './request.js';
import type { OtlpSpan } from './span.js';

/** Turns a batch of spans into a request body. */
export type SpanEncoder = (spans: readonly OtlpSpan[]) => EncodedBatch;

/** OTLP/JSON (`application/json`): the same text `leanllm-logs --format otlp` writes. */
export function jsonEncoder(serviceName: string): SpanEncoder {
  const { head, tail } = otlpRequestText(serviceName);
  return (spans) => ({
    body: `${head}${spans.map((span) => JSON.stringify(span)).join(',')}${tail}`,
    contentType: 'application/json',
  });
}

/** The protobufjs message class of `ExportTraceServiceRequest`, as far as it is used here. */
interface RequestType {
  fromObject(object: unknown): unknown;
  // protobufjs's writer fills a Buffer of its own allocation: an ArrayBuffer, never shared memory.
  encode(message: unknown): { finish(): Uint8Array<ArrayBuffer> };
}

/**
 * `ExportTraceServiceRequest` from the protobufjs classes `@opentelemetry/otlp-transformer`
 * generates from opentelemetry-proto (not in its entry's exports: loaded by path), or undefined
 * when the package is not installed.
 */
async function loadRequestType(): Promise<RequestType | undefined> {
  try {
    const module = await import('@opentelemetry/otlp-transformer/build/src/generated/root.js');
    const root = (module.default ?? module) as {
      opentelemetry?: { proto?: { collector?: { trace?: { v1?: Record<string, unknown> } } } };
    };
    const type = root.opentelemetry?.proto?.collector?.trace?.v1?.ExportTraceServiceRequest;
    return typeof (type as RequestType | undefined)?.encode === 'function'
      ? (type as RequestType)
      : undefined;
  } catch {
    return undefined;
  }
}

const bytes = (id: string) => Buffer.from(id, 'hex');

/**
 * OTLP/protobuf (`application/x-protobuf`), encoded by OpenTelemetry's own generated classes
 * from the same request the JSON encoder writes: both carry identical spans. Undefined when
 * `@opentelemetry/otlp-transformer` is not installed.
 */
export async function protobufEncoder(serviceName: string): Promise<SpanEncoder | undefined> {
  const type = await loadRequestType();
  if (type === undefined) return undefined;
  const resource = otlpResource(serviceName);
  return (spans) => {
    const request = {
      resourceSpans: [
        {
          resource,
          scopeSpans: [
            {
              scope: OTLP_SCOPE,
              spans: spans.map((span) => ({
                ...span,
                traceId: bytes(span.traceId),
                spanId: bytes(span.spanId),
                ...(span.parentSpanId !== undefined && { parentSpanId: bytes(span.parentSpanId) }),
              })),
            },
          ],
        },
      ],
    };
    return {
      body: type.encode(type.fromObject(request)).finish(),
      contentType: 'application/x-protobuf',
    };
  };
}
