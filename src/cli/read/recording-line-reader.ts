import type { EventFieldSelection } from '../../graph/parse-log-line.js';
import { LineReader } from '../line-reader.js';
import type { RunStats } from '../stats.js';
import { EventBytesReader } from './event-bytes.js';
import { type RecordLayout, type Records, RecordWriter } from './records.js';

/**
 * A reader on the main thread hands its records on as events once this many wait (so they never
 * pile up; small chunks, as stdin's, are not a batch each).
 */
export const BATCH_EVENTS = 4096;

/** Options of a `RecordingLineReader`. */
export interface RecordingOptions {
  /** Parse every line, and count one that is not JSON as malformed. */
  readonly strict: boolean;
  /** The optional event fields to keep (what the output needs). */
  readonly keep: EventFieldSelection;
  /** The bytes start past the input's first line: no BOM is looked for. */
  readonly midInput?: boolean;
}

/**
 * A `LineReader` whose events become records: event lines are read from their bytes when they
 * can be (the slow way, decoded and parsed, when not), and the records of what was pushed are
 * taken in batches, in line order. What every reading thread runs, the main thread included.
 *
 * @example
 * ```ts
 * const reader = new RecordingLineReader('app.log', stats, { strict: false, keep }, layout);
 * reader.push(chunk);
 * recordReader.read(reader.takeBatch(), onEvent);
 * ```
 */
export class RecordingLineReader {
  readonly #writer: RecordWriter;
  readonly #lines: LineReader;

  constructor(file: string, stats: RunStats, options: RecordingOptions, layout: RecordLayout) {
    const writer = new RecordWriter(layout);
    const bytes = new EventBytesReader(writer, options.keep);
    this.#writer = writer;
    this.#lines = new LineReader(file, stats, (event) => writer.add(event), {
      ...options,
      readBytes: (chunk, start, end) => bytes.read(chunk, start, end),
    });
  }

  /** The number of lines read so far. */
  get lines(): number {
    return this.#lines.lines;
  }

  /** How many events wait in the batch. */
  get pending(): number {
    return this.#writer.count;
  }

  /** Reads the next chunk of the input. */
  push(chunk: Buffer): void {
    this.#lines.push(chunk);
  }

  /** The input ended. */
  end(): void {
    this.#lines.end();
  }

  /** The events read since the last batch, as records of their own (to send to another thread). */
  takeBatch(): Records {
    return this.#writer.takeBatch();
  }

  /**
   * The events read since the last batch, as records lent by the writer: for a reader on this
   * thread, read before the next `push`.
   */
  lendBatch(): Records {
    return this.#writer.lendBatch();
  }
}
