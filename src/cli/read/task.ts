import type { LineFieldName } from '../../fields/line-fields.js';
import type { Records } from './records.js';
import type { ByteRange, RangeReading } from './scan-range.js';

/** What every task says of the reading: strict or not, which optional event fields to keep. */
interface ReadingTask {
  readonly strict: boolean;
  readonly keep: readonly LineFieldName[];
}

/** Read one byte range of a file. */
export interface RangeTask extends ByteRange, ReadingTask {
  readonly kind: 'range';
  readonly file: string;
}

/**
 * Read the next block of a stream that cannot be split (stdin, gzip), which one worker reads in
 * order from its first block to its last: a line may run from one block into the next.
 */
export interface BlockTask extends ReadingTask {
  readonly kind: 'block';
  readonly bytes: Uint8Array;
  /** The stream's last block: its last line is read (or found truncated), and the counts come back. */
  readonly last: boolean;
}

/** A worker's task. */
export type ReadTask = RangeTask | BlockTask;

/** What a range task is answered with. */
export interface RangeResult {
  readonly kind: 'range';
  readonly reading: RangeReading;
}

/** What a block task is answered with: the events read so far, the counts after the last one. */
export interface BlockResult {
  readonly kind: 'block';
  readonly records: Records;
  /** Lines and events of the stream read so far. */
  readonly lines: number;
  readonly events: number;
  /** After the last block: the stream's counts (its records are in `records`). */
  readonly reading: RangeReading | undefined;
}

/** A task's answer, or why the input could not be read. */
export type TaskAnswer<Result> =
  | ({ readonly ok: true } & Result)
  | { readonly ok: false; readonly message: string };
