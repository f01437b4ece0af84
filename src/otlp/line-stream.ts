import { Writable } from 'node:stream';
import { parseLogLine } from '../graph/parse-log-line.js';
import { type OtlpSpan, otlpSpanOf, spanIdOf } from './span.js';
import type { OtlpSpanSender } from './span-sender.js';

/** The longest unfinished line kept between writes; a longer one cannot be a call and is skipped. */
const MAX_PENDING_LINE = 1 << 20;

/**
 * The stream pino's transport worker writes NDJSON to: each `llm.call` line becomes a span
 * (parent from its `parent_request_id`: a span id derived from the parent's event id, so the
 * parent's line need not have come first), every other line is ignored. Writing waits only for
 * room in the queue while the receiver accepts spans (a burst is delivered whole), never while it
 * fails; `end()` delivers what is queued (within the close timeout) before `close`.
 */
export class OtlpLineStream extends Writable {
  readonly #sender: OtlpSpanSender<OtlpSpan>;
  #pending = '';

  constructor(sender: OtlpSpanSender<OtlpSpan>) {
    super({ decodeStrings: false });
    this.#sender = sender;
  }

  override _write(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    const lines = `${this.#pending}${chunk}`.split('\n');
    const last = lines.pop() ?? '';
    this.#pending = last.length > MAX_PENDING_LINE ? '' : last;
    this.#readFrom(lines, 0, done);
  }

  /**
   * Reads `lines` from `from` on; when the queue is full and the receiver accepts, waits for room
   * before the next line (the stream then holds back the writes behind it: pino keeps them).
   */
  #readFrom(lines: readonly string[], from: number, done: (error?: Error | null) => void): void {
    for (let at = from; at < lines.length; at++) {
      const wait = this.#sender.room();
      if (wait !== undefined) {
        wait.then(() => this.#readFrom(lines, at, done), done);
        return;
      }
      this.#read(lines[at] as string);
    }
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#read(this.#pending);
    this.#pending = '';
    this.#sender.close().then(() => done(), done);
  }

  /** Sends what is queued now (pino's `logger.flush()` reaches it through the worker). */
  flush(): Promise<void> {
    return this.#sender.flush();
  }

  #read(line: string): void {
    const event = parseLogLine(line);
    if (event === undefined) return;
    const parent =
      event.parentRequestId === undefined ? undefined : spanIdOf(event.parentRequestId);
    this.#sender.add(otlpSpanOf(event, parent));
  }
}
