// A loopback OTLP/HTTP traces receiver for the transport tests: it decodes what arrives with
// OpenTelemetry's own definitions (the protobufjs classes @opentelemetry/otlp-transformer
// generates from opentelemetry-proto) and can be scripted to be down, slow, or busy.
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';

const require = createRequire(import.meta.url);
const transformer = require.resolve('@opentelemetry/otlp-transformer');
const { opentelemetry } = require(transformer.replace(/index\.js$/, 'generated/root.js'));
const ExportTraceServiceRequest = opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** A span as decoded: ids in hex, int64 values as decimal strings. */
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status: { code?: number; message?: string };
}

/** A decoded `ExportTraceServiceRequest`. */
export interface DecodedRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: Record<string, unknown> }[] };
    scopeSpans: { scope: { name: string; version: string }; spans: DecodedSpan[] }[];
  }[];
}

/** A decoded message as plain data: ids in hex, int64 as strings. */
function plain(message: unknown): DecodedRequest {
  const object = ExportTraceServiceRequest.toObject(message, { longs: String, defaults: false });
  return JSON.parse(JSON.stringify(object), (key, value) =>
    ID_FIELDS.has(key) ? Buffer.from(value.data).toString('hex') : value,
  );
}

/** OTLP/protobuf bytes → the request. */
export function decodeOtlpProtobuf(bytes: Uint8Array): DecodedRequest {
  return plain(ExportTraceServiceRequest.decode(bytes));
}

/**
 * OTLP/JSON text → the request, through the protobuf definitions (verified, encoded, decoded):
 * ids are hex in OTLP/JSON, bytes in protobuf.
 */
export function decodeOtlpJson(text: string): DecodedRequest {
  const json = JSON.parse(text, (key, value) =>
    ID_FIELDS.has(key) ? Buffer.from(value as string, 'hex') : value,
  );
  const message = ExportTraceServiceRequest.fromObject(json);
  const problem = ExportTraceServiceRequest.verify(message);
  if (problem !== null) throw new Error(`not an ExportTraceServiceRequest: ${problem}`);
  return decodeOtlpProtobuf(ExportTraceServiceRequest.encode(message).finish());
}

/** A span's attributes as a plain object, values unwrapped (int64 as strings, as decoded). */
export const attributesOf = (span: DecodedSpan): Record<string, unknown> =>
  Object.fromEntries(span.attributes.map(({ key, value }) => [key, Object.values(value)[0]]));

/** How the receiver answers one request. */
export type Behaviour =
  /** Closes the connection without answering: a connection error for the client. */
  | 'hang-up'
  /** Answers (and keeps the spans: they arrived) only after `delayMs`. */
  | { readonly delayMs: number; readonly status?: number }
  /** Answers `status` at once (spans kept only for a 2xx), with `headers`. */
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string };

/** A request that reached the receiver. */
export interface ReceivedExport {
  readonly contentType: string | undefined;
  readonly path: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly request: DecodedRequest;
  readonly status: number;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>/v1/traces`. */
  readonly url: string;
  /** Every request answered with a 2xx, decoded. */
  readonly accepted: ReceivedExport[];
  /** How many requests arrived (hung up, failed and accepted alike). */
  requestCount(): number;
  /** The spans of accepted requests, each span id once (a resend is the same span). */
  spans(): Map<string, DecodedSpan>;
  /** Resolves once `count` distinct spans arrived; rejects after `timeoutMs`. */
  waitForSpans(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1. `behaviour(n)` decides the answer to request number n (from
 * 1); the default accepts everything with 200.
 */
export async function startOtlpReceiver(
  behaviour: (request: number) => Behaviour = () => ({ status: 200 }),
): Promise<OtlpReceiver> {
  const accepted: ReceivedExport[] = [];
  const spans = new Map<string, DecodedSpan>();
  const sockets = new Set<Socket>();
  let requests = 0;
  let notify = () => {};
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const plan = behaviour(++requests);
    if (plan === 'hang-up') {
      request.socket.destroy();
      return;
    }
    if ('delayMs' in plan) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
    const status = plan.status ?? 200;
    if (status >= 200 && status < 300) {
      const contentType = request.headers['content-type'];
      const decoded = contentType?.includes('protobuf')
        ? decodeOtlpProtobuf(body)
        : decodeOtlpJson(body.toString('utf8'));
      accepted.push({
        contentType,
        path: request.url,
        headers: request.headers,
        request: decoded,
        status,
      });
      for (const resource of decoded.resourceSpans) {
        for (const scope of resource.scopeSpans) {
          for (const span of scope.spans) spans.set(span.spanId, span);
        }
      }
      notify();
    }
    if (response.destroyed) return;
    response.writeHead(status, {
      'content-type': 'application/json',
      ...('headers' in plan && plan.headers),
    });
    response.end(('body' in plan && plan.body) || '{}');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    accepted,
    requestCount: () => requests,
    spans: () => spans,
    waitForSpans(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${spans.size} of ${count} spans arrived in ${timeoutMs} ms`)),
          timeoutMs,
        );
        notify = () => {
          if (spans.size < count) return;
          clearTimeout(timer);
          resolve();
        };
        notify();
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
