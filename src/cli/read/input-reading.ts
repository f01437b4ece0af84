import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { LineFieldName } from '../../fields/line-fields.js';
import type { EventFieldSelection } from '../../graph/parse-log-line.js';
import { type Input, isGzip, STDIN_NAME } from '../inputs.js';
import { accountRange } from './account-range.js';
import { WorkerPool } from './pool.js';
import { readHere } from './read-here.js';
import type { ReadingTarget, RecordingPlan } from './reading-target.js';
import { RecordLayout, RecordReader, type Records } from './records.js';
import { type ByteRange, type RangeReading, type ReadAt, scanRange } from './scan-range.js';
import { readStream } from './stream-reading.js';
import type { RangeResult, RangeTask, TaskAnswer } from './task.js';

/** Below this many bytes of input, reading stays on the main thread unless `--jobs` is given. */
export const MIN_PARALLEL_BYTES = 8 * 1024 * 1024;

/**
 * By default a stream is piped through a worker only with this many cores: the main thread, the
 * worker and gunzip (one thread of Node's pool) each want one; on two cores the pipeline measured
 * 5-10% faster than the main thread alone on `.gz`, for 35-40 MB more memory, over 200 MB in
 * all (bench/RESULTS.md). `--jobs` pipes with two.
 */
const MIN_PIPELINE_JOBS = 3;

/**
 * What taking a byte's records into the call table costs the main thread, against what reading
 * the byte costs a thread: the main thread's range is the smaller for it (1,000,000 lines with
 * two threads, interleaved runs: 0.05 measured about 3% faster than 0.1 and than 0; once lines
 * were split in WebAssembly, 0.05 to 0.2 measured the same within noise).
 */
const CONVERSION_TO_READING = 0.05;

/** The workers read a file in pieces of about this size, so the main thread takes each one's records while they read on. */
export const PIECE_BYTES = 16 * 1024 * 1024;

/** Where the reading worker is: built beside the bin (`dist/cli/read-worker.js`). */
const WORKER_SCRIPT = new URL('./read-worker.js', import.meta.url);

/**
 * A range of a file: where it ends, and its answer to come from a worker, or `undefined` for the
 * range the main thread reads itself.
 */
interface PendingRange extends ByteRange {
  readonly answer: Promise<TaskAnswer<RangeResult>> | undefined;
}

/** How to read. */
export interface ReadingOptions {
  /** How many reading threads (and ranges per plain file); 1 reads on the main thread. */
  readonly jobs: number;
  /**
   * `--jobs` was given: split every plain file and stream every other input, however small, and
   * fail when the worker script is missing (by default the main thread reads everything then).
   */
  readonly explicit: boolean;
  readonly strict: boolean;
  readonly keep: EventFieldSelection;
}

/**
 * Reads the inputs of a run, with worker threads where they pay: every plain file is cut into
 * byte ranges, all handed to the workers at the start; a stream that cannot be split (stdin,
 * gzip) is piped through a worker of its own; small inputs are read on the main thread. `read`
 * hands back one input's results, as if the main thread had read it alone (same counts, same
 * line numbers, same events in the same order).
 *
 * @example
 * ```ts
 * const reading = await InputReading.start(inputs, { jobs: 2, explicit: false, strict: false, keep });
 * try {
 *   for (const input of inputs) await reading.read(input, { stats, onEvent, progress });
 * } finally {
 *   await reading.close();
 * }
 * ```
 */
export class InputReading {
  readonly #options: ReadingOptions;
  readonly #plan: RecordingPlan;
  readonly #script: URL;
  /** Whether workers may be used (there are two threads or more, and a worker script). */
  readonly #parallel: boolean;
  readonly #ranges: Map<Input, PendingRange[]>;
  readonly #rangePool: WorkerPool | undefined;
  #streamPool: WorkerPool | undefined;

  private constructor(
    options: ReadingOptions,
    script: URL,
    parallel: boolean,
    ranges: Map<Input, PendingRange[]>,
    rangePool: WorkerPool | undefined,
  ) {
    this.#options = options;
    this.#plan = {
      options: { strict: options.strict, keep: options.keep },
      layout: new RecordLayout(options.keep),
    };
    this.#script = script;
    this.#parallel = parallel;
    this.#ranges = ranges;
    this.#rangePool = rangePool;
  }

  /** Plans the reading of `inputs`, starting the workers on the plain files worth splitting. */
  static async start(
    inputs: readonly Input[],
    options: ReadingOptions,
    script: URL = WORKER_SCRIPT,
  ): Promise<InputReading> {
    // run from the sources (a test runner) there is no built worker: one thread, unless asked
    const parallel = options.jobs >= 2 && (options.explicit || existsSync(script));
    const ranges = new Map<Input, PendingRange[]>();
    if (!parallel) return new InputReading(options, script, false, ranges, undefined);
    const sizes = new Map<Input, number>();
    for (const input of inputs) {
      const size = await plainFileSize(input.name);
      if (size !== undefined && size > 0) sizes.set(input, size);
    }
    let total = 0;
    for (const size of sizes.values()) total += size;
    if (sizes.size === 0 || (!options.explicit && total < MIN_PARALLEL_BYTES)) {
      return new InputReading(options, script, true, ranges, undefined);
    }
    // the main thread is one of the reading threads: it reads each file's first range itself,
    // then takes the workers' pieces into the call table as they come
    const pool = new WorkerPool(script, options.jobs - 1);
    const keep = [...options.keep] as LineFieldName[];
    for (const [input, size] of sizes) {
      const { here, pieces } = cutFile(size, options.jobs);
      ranges.set(input, [
        ...(here === undefined ? [] : [{ ...here, answer: undefined }]),
        ...pieces.map((range) => {
          const task: RangeTask = {
            kind: 'range',
            file: input.name,
            ...range,
            strict: options.strict,
            keep,
          };
          const answer = pool.run<RangeResult>(task);
          answer.catch(() => {}); // a failure is reported when the file's turn comes
          return { ...range, answer };
        }),
      ]);
    }
    return new InputReading(options, script, true, ranges, pool);
  }

  /**
   * Accounts for `input` in `stats` and hands its events to `onEvent`, in order. Throws when it
   * could not be read.
   */
  async read(input: Input, target: ReadingTarget): Promise<void> {
    const ranges = this.#ranges.get(input);
    if (ranges !== undefined) {
      await this.#readRanges(input, ranges, target);
      return;
    }
    const { explicit, jobs } = this.#options;
    if (!this.#parallel || (!explicit && jobs < MIN_PIPELINE_JOBS)) {
      await readHere(input.name, input.chunks(), target, this.#plan);
      return;
    }
    // a stream's size is known once read: the first bytes decide whether a worker pays
    const iterator = input.chunks()[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (explicit ? head.length === 0 : headBytes < MIN_PARALLEL_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(Buffer.from(next.value)); // a chunk may be a view of a buffer reused for the next
      headBytes += next.value.length;
    }
    const chunks = (async function* () {
      yield* head;
      if (!ended)
        for (let next = await iterator.next(); !next.done; next = await iterator.next())
          yield next.value;
    })();
    if (ended && !explicit) {
      await readHere(input.name, chunks, target, this.#plan);
      return;
    }
    this.#streamPool ??= new WorkerPool(this.#script, 1);
    await readStream(this.#streamPool, input.name, chunks, target, this.#plan);
  }

  async #readRanges(
    input: Input,
    ranges: readonly PendingRange[],
    { stats, onEvent, progress }: ReadingTarget,
  ): Promise<void> {
    this.#ranges.delete(input);
    let lines = 0;
    for (const range of ranges) {
      // each range was written by a writer of its own
      const records = new RecordReader(this.#plan.layout);
      let reading: RangeReading;
      if (range.answer === undefined) {
        // its events are handed on as they are read, so that its records never pile up
        reading = this.#readRangeHere(input.name, range, (batch) => records.read(batch, onEvent));
      } else {
        const answer = await range.answer;
        if (!answer.ok) throw new Error(answer.message);
        reading = answer.reading;
      }
      accountRange(stats, input.name, lines, reading);
      lines += reading.lines;
      records.read(reading.records, onEvent);
      progress.update(input.name, range.end, lines, stats.events);
    }
    // their memory is not needed for the graphs
    if (this.#ranges.size === 0) await this.#rangePool?.close();
  }

  /** Reads a range of a file on this thread, as a worker would, handing on its records in batches. */
  #readRangeHere(
    file: string,
    range: ByteRange,
    onBatch: (records: Records) => void,
  ): RangeReading {
    const fd = openSync(file, 'r');
    try {
      const readAt: ReadAt = (buffer, position) => readSync(fd, buffer, 0, buffer.length, position);
      return scanRange(readAt, range, this.#plan.options, this.#plan.layout, onBatch);
    } finally {
      closeSync(fd);
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all([this.#rangePool?.close(), this.#streamPool?.close()]);
  }
}

/**
 * A file of `size` bytes cut for `jobs` reading threads: the first range (`here`, none when
 * empty) for the main thread, the rest in `pieces` of about `PIECE_BYTES` (at least one per
 * worker, none empty) for the workers. Besides reading its own range, the main thread takes
 * every range's records into the call table, so its range is smaller than a worker's share, and
 * nothing when there are many workers; where a cut falls does not matter, as a range reads the
 * lines that start in it.
 *
 * @example
 * ```ts
 * cutFile(100, 2); // { here: { start: 0, end: 47 }, pieces: [{ start: 47, end: 100 }] }
 * ```
 */
export function cutFile(
  size: number,
  jobs: number,
  pieceBytes = PIECE_BYTES,
): { here: ByteRange | undefined; pieces: ByteRange[] } {
  const workers = jobs - 1;
  const share = Math.max(0, (1 - CONVERSION_TO_READING * workers) / jobs);
  const first = Math.floor(size * share);
  const rest = size - first;
  const count = Math.min(rest, Math.max(workers, Math.ceil(rest / pieceBytes)));
  const pieces: ByteRange[] = [];
  for (let piece = 0; piece < count; piece++) {
    const start = first + Math.floor((rest * piece) / count);
    const end = first + Math.floor((rest * (piece + 1)) / count);
    if (end > start) pieces.push({ start, end });
  }
  return { here: first > 0 ? { start: 0, end: first } : undefined, pieces };
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
