import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One server-sent event: `event:` line (optional) and `data:` (objects are sent as JSON). */
export interface SseEvent {
  readonly event?: string;
  readonly data: unknown;
}

/** What the server answers to the next request. */
export type ScriptedResponse =
  | { readonly status?: number; readonly json: unknown; readonly headers?: Record<string, string> }
  | {
      readonly sse: readonly SseEvent[];
      /** Keep the stream open after the last event (the client must stop it). */
      readonly hold?: boolean;
      /** Milliseconds between events (a stream the client can stop half-way); 0 by default. */
      readonly delayMs?: number;
    };

/** A request the server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** Its headers, names in lower case. */
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A loopback HTTP server that answers each request with the next scripted response, in order. */
export interface LlmServer {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Queues the answer to the next request. */
  respond(response: ScriptedResponse): void;
  /**
   * Answers every request the queue has no answer for from the request itself (concurrent
   * requests, whose order is not known); `undefined` turns it off.
   */
  respondWith(answerer: ((request: ReceivedRequest) => ScriptedResponse) | undefined): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function answer(
  response: ServerResponse,
  scripted: ScriptedResponse | undefined,
): Promise<void> {
  if (scripted === undefined) {
    response.writeHead(599, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"no scripted response"}}');
    return;
  }
  if ('json' in scripted) {
    response.writeHead(scripted.status ?? 200, {
      'content-type': 'application/json',
      ...scripted.headers,
    });
    response.end(JSON.stringify(scripted.json));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const { event, data } of scripted.sse) {
    if (scripted.delayMs !== undefined) await wait(scripted.delayMs);
    if (response.destroyed) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    response.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`);
  }
  // `hold`: the stream stays open after its events (until the client aborts or the server closes).
  if (!scripted.hold) response.end();
}

/** Starts a server on a free loopback port; the test closes it. */
export async function startLlmServer(): Promise<LlmServer> {
  const queue: ScriptedResponse[] = [];
  const requests: ReceivedRequest[] = [];
  let answerer: ((request: ReceivedRequest) => ScriptedResponse) | undefined;
  const server = createServer((request, response) => {
    readBody(request)
      .then(
        (body) => {
          const received = {
            method: request.method ?? '',
            path: request.url ?? '',
            headers: request.headers,
            body,
          };
          requests.push(received);
          return answer(response, queue.shift() ?? answerer?.(received));
        },
        () => {
          response.writeHead(400);
          response.end();
        },
      )
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (response) => void queue.push(response),
    respondWith: (next) => {
      answerer = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
