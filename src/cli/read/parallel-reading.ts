import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { LlmEvent } from '../../events/schema.js';
import type { LineFieldName } from '../../fields/line-fields.js';
import type { EventFieldSelection } from '../../graph/parse-log-line.js';
import { type Input, isGzip, STDIN_NAME } from '../inputs.js';
import type { Progress } from '../progress.js';
import { MALFORMED_LISTED, type RunStats } from '../stats.js';
import { WorkerPool } from './pool.js';
import { RecordLayout, RecordReader } from './records.js';
import type { ByteRange, RangeReading } from './scan-range.js';
import type { RangeAnswer } from './task.js';

/** Below this many bytes of plain files, reading stays on the main thread unless `--jobs` is given. */
export const MIN_PARALLEL_BYTES = 8 * 1024 * 1024;

/** Where the reading worker is: built beside the bin (`dist/cli/read-worker.js`). */
const WORKER_SCRIPT = new URL('./read-worker.js', import.meta.url);

/** A range handed to the workers: where it ends, and its answer to come. */
interface PendingRange {
  readonly end: number;
  readonly answer: Promise<RangeAnswer>;
}

/** How to read in parallel. */
export interface ParallelOptions {
  /** How many workers (and ranges per file). */
  readonly jobs: number;
  /**
   * `--jobs` was given: split every plain file, however small, and fail when the worker script
   * is missing (by default the main thread reads everything then).
   */
  readonly explicit: boolean;
  readonly strict: boolean;
  readonly keep: EventFieldSelection;
}

/**
 * The plain files of a run read by byte range in worker threads: every range of every such file
 * is handed to the workers at the start, and `read` hands back one file's results in order, as
 * if the main thread had read it (same counts, same line numbers, same events in the same
 * order). stdin and gzip input are not split: `read` leaves them to the main thread.
 *
 * @example
 * ```ts
 * const parallel = await ParallelReading.start(inputs, { jobs: 2, explicit: false, strict: false, keep });
 * for (const input of inputs) if (!(await parallel?.read(input, stats, onEvent, progress))) readHere(input);
 * await parallel?.close();
 * ```
 */
export class ParallelReading {
  readonly #pool: WorkerPool;
  readonly #layout: RecordLayout;
  readonly #ranges: Map<Input, PendingRange[]>;

  private constructor(pool: WorkerPool, layout: RecordLayout, ranges: Map<Input, PendingRange[]>) {
    this.#pool = pool;
    this.#layout = layout;
    this.#ranges = ranges;
  }

  /** Starts the workers on the plain files of `inputs`; `undefined` when none is worth it. */
  static async start(
    inputs: readonly Input[],
    options: ParallelOptions,
    script: URL = WORKER_SCRIPT,
  ): Promise<ParallelReading | undefined> {
    if (options.jobs < 2) return undefined;
    const sizes = new Map<Input, number>();
    for (const input of inputs) {
      const size = await plainFileSize(input.name);
      if (size !== undefined && size > 0) sizes.set(input, size);
    }
    let total = 0;
    for (const size of sizes.values()) total += size;
    if (sizes.size === 0 || (!options.explicit && total < MIN_PARALLEL_BYTES)) return undefined;
    // run from the sources (a test runner) there is no built worker: one thread, unless asked
    if (!options.explicit && !existsSync(script)) return undefined;

    const pool = new WorkerPool(script, options.jobs);
    const keep = [...options.keep] as LineFieldName[];
    const ranges = new Map<Input, PendingRange[]>();
    for (const [input, size] of sizes) {
      ranges.set(
        input,
        splitIntoRanges(size, options.jobs).map((range) => {
          const task = { file: input.name, ...range, strict: options.strict, keep };
          const answer = pool.run(task);
          answer.catch(() => {}); // a failure is reported when the file's turn comes
          return { end: range.end, answer };
        }),
      );
    }
    return new ParallelReading(pool, new RecordLayout(options.keep), ranges);
  }

  /**
   * Accounts for `input` in `stats` and hands its events to `onEvent`, when the workers read it;
   * `false` when it is the main thread's to read. Throws when the file could not be read.
   */
  async read(
    input: Input,
    stats: RunStats,
    onEvent: (event: LlmEvent) => void,
    progress: Progress,
  ): Promise<boolean> {
    const ranges = this.#ranges.get(input);
    if (ranges === undefined) return false;
    this.#ranges.delete(input);
    let lines = 0;
    for (const range of ranges) {
      const answer = await range.answer;
      if (!answer.ok) throw new Error(answer.message);
      accountRange(stats, input.name, lines, answer.reading);
      lines += answer.reading.lines;
      // each range was written by a writer of its own
      new RecordReader(this.#layout).read(answer.reading.records, onEvent);
      progress.update(input.name, range.end, lines, stats.events);
    }
    if (this.#ranges.size === 0) await this.#pool.close(); // their memory is not needed for the graphs
    return true;
  }

  /** Stops the workers. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

/**
 * A range's counts added to the run's, its line numbers moved past the lines of `file` before it.
 *
 * @example
 * ```ts
 * accountRange(stats, 'app.log', linesBefore, reading);
 * ```
 */
export function accountRange(
  stats: RunStats,
  file: string,
  linesBefore: number,
  reading: RangeReading,
): void {
  stats.lines += reading.lines;
  stats.events += reading.events;
  stats.otherLines += reading.otherLines;
  stats.malformedLines += reading.malformedLines;
  stats.blankLines += reading.blankLines;
  stats.truncatedLines += reading.truncatedLines;
  stats.oversizedLines += reading.oversizedLines;
  for (const { line, reason } of reading.malformed) {
    if (stats.malformed.length < MALFORMED_LISTED) {
      stats.malformed.push({ file, line: linesBefore + line, reason });
    }
  }
  for (const line of reading.truncated) stats.truncated.push({ file, line: linesBefore + line });
}

/**
 * `size` bytes cut into `parts` ranges of about equal size (empty ones left out). Where a cut
 * falls does not matter: a range reads the lines that start in it.
 *
 * @example
 * ```ts
 * splitIntoRanges(10, 3); // [{ start: 0, end: 3 }, { start: 3, end: 6 }, { start: 6, end: 10 }]
 * ```
 */
export function splitIntoRanges(size: number, parts: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let part = 0; part < parts; part++) {
    const start = Math.floor((size * part) / parts);
    const end = Math.floor((size * (part + 1)) / parts);
    if (end > start) ranges.push({ start, end });
  }
  return ranges;
}

/** The size of a regular file that is not gzip (those can be split); `undefined` otherwise. */
async function plainFileSize(name: string): Promise<number | undefined> {
  if (name === STDIN_NAME) return undefined;
  const handle = await open(name, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return isGzip(head) ? undefined : stat.size;
  } finally {
    await handle.close();
  }
}
