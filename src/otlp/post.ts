import { describeThrown } from '../warnings.js';
import { retryAfterMs } from './backoff.js';

/** A batch encoded for OTLP/HTTP: the request body and its content type. */
export interface EncodedBatch {
  readonly body: string | Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

/** What one request achieved. */
export type Attempt =
  /** Accepted; `rejected` spans were refused by the receiver (an OTLP partial success). */
  | { readonly outcome: 'delivered'; readonly rejected: number }
  /** Worth retrying (429, 5xx, a timeout, a connection error): after `retryAfterMs` when the server said. */
  | { readonly outcome: 'retry'; readonly reason: string; readonly retryAfterMs?: number }
  /** Refused for good (another 4xx): sending the same batch again cannot help. */
  | { readonly outcome: 'refused'; readonly reason: string };

/** The request a batch is sent with. */
export interface PostRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly batch: EncodedBatch;
  /** Aborts the request: its timeout, or the logger's close deadline. */
  readonly signal: AbortSignal;
}

/** `partialSuccess.rejectedSpans` of an OTLP/JSON response (int64: a number or a string), else 0. */
function rejectedSpans(response: Response, text: string): number {
  if (!response.headers.get('content-type')?.includes('json')) return 0;
  try {
    const rejected = Number(JSON.parse(text)?.partialSuccess?.rejectedSpans ?? 0);
    return Number.isSafeInteger(rejected) && rejected > 0 ? rejected : 0;
  } catch {
    return 0;
  }
}

/** One POST of a batch; never throws (every failure is an `Attempt`). */
export async function postBatch(request: PostRequest): Promise<Attempt> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { ...request.headers, 'content-type': request.batch.contentType },
      body: request.batch.body,
      signal: request.signal,
    });
    const text = await response.text();
    if (response.ok) return { outcome: 'delivered', rejected: rejectedSpans(response, text) };
    const reason = `HTTP ${response.status}`;
    if (response.status === 429 || response.status >= 500) {
      const after = retryAfterMs(response.headers.get('retry-after'), Date.now());
      return after === undefined
        ? { outcome: 'retry', reason }
        : { outcome: 'retry', reason, retryAfterMs: after };
    }
    return { outcome: 'refused', reason };
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    return { outcome: 'retry', reason: describeThrown(cause) };
  }
}
