import { backoffDelay } from './backoff.js';
import type { ResolvedOtlpOptions } from './options.js';
import { type EncodedBatch, postBatch } from './post.js';

/** Why spans were not delivered, and how many for each reason. */
export interface OtlpDropCounts {
  /** Arrived while `batch.maxQueue` spans were already waiting. */
  queueFull: number;
  /** Their batch was refused for good (a 4xx other than 429). */
  refused: number;
  /** Their batch failed `retry.maxAttempts` times. */
  gaveUp: number;
  /** The receiver accepted the request but rejected them (OTLP partial success). */
  rejected: number;
  /** Still queued when the close deadline passed. */
  unsentAtClose: number;
}

/** What the sender did so far. */
export interface OtlpSenderStats {
  readonly received: number;
  readonly delivered: number;
  readonly dropped: Readonly<OtlpDropCounts>;
}

const DROP_WORDS: readonly [keyof OtlpDropCounts, string][] = [
  ['queueFull', 'dropped with the queue full'],
  ['refused', 'refused'],
  ['gaveUp', 'given up after retries'],
  ['rejected', 'rejected by the receiver'],
  ['unsentAtClose', 'still queued at close'],
];

/**
 * Sends spans to an OTLP/HTTP receiver: batched (`batchSize` spans, or what is queued after
 * `batchDelayMs`), one request at a time, retried with exponential backoff on 429, 5xx, timeouts
 * and connection errors (a `Retry-After` honoured up to `maxDelayMs`), from a bounded queue: a
 * span that finds `maxQueue` spans waiting is dropped and counted (`room()` lets a writer wait
 * for room instead while the receiver accepts). `close()` delivers what is
 * queued within `closeTimeoutMs`, then reports the drops, if any, to `warn` in one message.
 */
export class OtlpSpanSender<Span> {
  readonly #options: ResolvedOtlpOptions;
  readonly #encode: (spans: readonly Span[]) => EncodedBatch;
  readonly #warn: (line: string) => void;
  /** Spans not yet delivered: the batch in flight first. */
  #queue: Span[] = [];
  #received = 0;
  #delivered = 0;
  readonly #dropped: OtlpDropCounts = {
    queueFull: 0,
    refused: 0,
    gaveUp: 0,
    rejected: 0,
    unsentAtClose: 0,
  };
  #lastError: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #closed = false;
  /** When close gives up (ms since epoch); Infinity until close. */
  #deadline = Number.POSITIVE_INFINITY;
  readonly #closing = new AbortController();
  /** Ends the current backoff wait early (close shortens it to the deadline). */
  #wake: (() => void) | undefined;
  /** The last delivery attempt failed (the receiver is down, slow past the timeout, or refusing). */
  #failing = false;
  /** Who waits for room in the queue (`room()`). */
  #roomWaiters: (() => void)[] = [];

  constructor(
    options: ResolvedOtlpOptions,
    encode: (spans: readonly Span[]) => EncodedBatch,
    warn: (line: string) => void,
  ) {
    this.#options = options;
    this.#encode = encode;
    this.#warn = warn;
  }

  /** Queues a span (or counts it dropped when the queue is full or the sender closed). */
  add(span: Span): void {
    this.#received++;
    if (this.#closed || this.#queue.length >= this.#options.maxQueue) {
      this.#dropped.queueFull++;
      return;
    }
    this.#queue.push(span);
    if (this.#queue.length >= this.#options.batchSize) this.#send();
    else if (this.#timer === undefined && this.#sending === undefined) {
      this.#timer = setTimeout(() => this.#send(), this.#options.batchDelayMs).unref();
    }
  }

  /**
   * `undefined` when a span added now would be queued; otherwise a promise that resolves once a
   * delivery frees room. While deliveries fail, and once closing, there is no waiting: the queue
   * stays bounded and what does not fit is dropped and counted, as `add` does. So a burst against
   * a receiver that accepts is delivered whole, however large, and an outage costs bounded memory.
   *
   * @example
   * ```ts
   * const wait = sender.room();
   * if (wait !== undefined) await wait;
   * sender.add(span);
   * ```
   */
  room(): Promise<void> | undefined {
    if (this.#closed || this.#failing || this.#queue.length < this.#options.maxQueue) {
      return undefined;
    }
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Sends everything queued now; resolves when the queue is empty (delivered or dropped). */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#sending !== undefined) await this.#send();
  }

  /** Delivers what is queued within `closeTimeoutMs`, counts the rest, reports drops once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#releaseWaiters();
    this.#deadline = Date.now() + this.#options.closeTimeoutMs;
    const deadline = setTimeout(() => this.#closing.abort(), this.#options.closeTimeoutMs);
    this.#wake?.();
    try {
      await this.flush();
    } finally {
      clearTimeout(deadline);
    }
    this.#report();
  }

  /** The counts so far. */
  stats(): OtlpSenderStats {
    return { received: this.#received, delivered: this.#delivered, dropped: { ...this.#dropped } };
  }

  /** Starts sending unless a send is running; resolves when that send ends. */
  #send(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#sending ??= this.#drain().finally(() => {
      this.#sending = undefined;
      if (this.#queue.length > 0 && !this.#closed) this.#send();
    });
    return this.#sending;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      if (this.#closing.signal.aborted) {
        this.#dropped.unsentAtClose += this.#queue.length;
        this.#queue = [];
        return;
      }
      const size = Math.min(this.#queue.length, this.#options.batchSize);
      await this.#deliver(this.#queue.slice(0, size));
      this.#queue.splice(0, size);
      this.#releaseWaiters();
    }
  }

  /** Lets whoever waits for room try again. */
  #releaseWaiters(): void {
    const waiters = this.#roomWaiters;
    if (waiters.length === 0) return;
    this.#roomWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Sends one batch until it is delivered, refused, given up or out of time; counts it. */
  async #deliver(batch: readonly Span[]): Promise<void> {
    const options = this.#options;
    const encoded = this.#encode(batch);
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.any([
        AbortSignal.timeout(options.timeoutMs),
        this.#closing.signal,
      ]);
      const result = await postBatch({
        url: options.url,
        headers: options.headers,
        batch: encoded,
        signal,
      });
      if (result.outcome === 'delivered') {
        this.#failing = false;
        this.#delivered += batch.length - Math.min(result.rejected, batch.length);
        this.#dropped.rejected += Math.min(result.rejected, batch.length);
        return;
      }
      this.#lastError = result.reason;
      this.#failing = true;
      this.#releaseWaiters(); // no waiting for room while the receiver fails: drop and count
      if (this.#closing.signal.aborted) {
        this.#dropped.unsentAtClose += batch.length;
        return;
      }
      if (result.outcome === 'refused') {
        this.#dropped.refused += batch.length;
        return;
      }
      if (attempt >= options.maxAttempts) {
        this.#dropped.gaveUp += batch.length;
        return;
      }
      const backoff = backoffDelay(attempt, options.initialDelayMs, options.maxDelayMs);
      await this.#sleep(Math.min(result.retryAfterMs ?? backoff, options.maxDelayMs));
    }
  }

  /** Waits `ms`, or until the close deadline, whichever comes first. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms).unref();
      this.#wake = () => {
        // close: wait no longer than the deadline
        clearTimeout(timer);
        setTimeout(wake, Math.max(0, this.#deadline - Date.now())).unref();
      };
    });
  }

  #report(): void {
    const counts = DROP_WORDS.filter(([key]) => this.#dropped[key] > 0);
    if (counts.length === 0) return;
    const total = counts.reduce((sum, [key]) => sum + this.#dropped[key], 0);
    const parts = counts.map(([key, words]) => `${this.#dropped[key]} ${words}`);
    const last = this.#lastError === undefined ? '' : ` (last error: ${this.#lastError})`;
    this.#warn(
      `${total} of ${this.#received} spans not delivered to ${this.#options.url}: ${parts.join(', ')}${last}`,
    );
  }
}
