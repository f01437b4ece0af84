import { emptyStats, type MalformedLine, type RunStats } from '../stats.js';
import {
  BATCH_EVENTS,
  RecordingLineReader,
  type RecordingOptions,
} from './recording-line-reader.js';
import type { RecordLayout, Records } from './records.js';

/** A piece of a file: the lines that start at a byte in `[start, end)` belong to it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Reads bytes of a file at `position` into `buffer`; returns how many (0 at the end). */
export type ReadAt = (buffer: Buffer, position: number) => number;

/** Counts of a range's lines, as in `RunStats` (line numbers are the range's own, from 1). */
export interface RangeReading {
  readonly lines: number;
  readonly events: number;
  readonly otherLines: number;
  readonly malformedLines: number;
  readonly blankLines: number;
  readonly truncatedLines: number;
  readonly oversizedLines: number;
  /** The range's first malformed lines, numbered within the range (`file` is empty). */
  readonly malformed: readonly MalformedLine[];
  /** The truncated last line, numbered within the range (only the file's last range has one). */
  readonly truncated: readonly number[];
  readonly records: Records;
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads the lines of one byte range of a file, as `LineReader` reads a whole input: a range
 * starting inside a line (or inside a multi-byte character) skips to the next line, and its
 * last line is read to its end past the range. So cutting a file anywhere into ranges and adding
 * up the readings gives the whole file's reading. The events come back as compact records:
 * all at the end, or (`onBatch`, for a reader on this thread) lent in batches as they are read,
 * the last batch at the end.
 *
 * @example
 * ```ts
 * const reading = scanRange(readAt, { start: 0, end: size }, { strict: false, keep }, layout);
 * ```
 */
export function scanRange(
  readAt: ReadAt,
  range: ByteRange,
  options: RecordingOptions,
  layout: RecordLayout,
  onBatch?: (records: Records) => void,
): RangeReading {
  const stats = emptyStats();
  const reader = new RecordingLineReader(
    '',
    stats,
    { ...options, midInput: range.start > 0 },
    layout,
  );
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = range.start > 0 ? firstLineAfter(readAt, buffer, range.start - 1) : 0;
  if (position < range.end) {
    for (;;) {
      const read = readAt(buffer, position);
      if (read === 0) {
        reader.end();
        break;
      }
      const chunk = buffer.subarray(0, read);
      // the range's last line is the one holding its last byte: read on to that line's break
      const lastByte = range.end - 1 - position;
      const lastLineBreak = lastByte < read ? chunk.indexOf(NEWLINE, Math.max(0, lastByte)) : -1;
      if (lastLineBreak !== -1) {
        reader.push(chunk.subarray(0, lastLineBreak + 1));
        break;
      }
      reader.push(chunk);
      if (onBatch !== undefined && reader.pending >= BATCH_EVENTS) onBatch(reader.lendBatch());
      position += read;
    }
  }
  return rangeReading(stats, onBatch === undefined ? reader.takeBatch() : reader.lendBatch());
}

/**
 * A piece of input's counts (as a reading worker has them, line numbers its own) with its records.
 *
 * @example
 * ```ts
 * const reading = rangeReading(stats, reader.takeBatch());
 * ```
 */
export function rangeReading(stats: RunStats, records: Records): RangeReading {
  return {
    lines: stats.lines,
    events: stats.events,
    otherLines: stats.otherLines,
    malformedLines: stats.malformedLines,
    blankLines: stats.blankLines,
    truncatedLines: stats.truncatedLines,
    oversizedLines: stats.oversizedLines,
    malformed: stats.malformed,
    truncated: stats.truncated.map((place) => place.line),
    records,
  };
}

/** The position after the first line break at or after `from` (the file's size when none). */
function firstLineAfter(readAt: ReadAt, buffer: Buffer, from: number): number {
  let position = from;
  for (;;) {
    const read = readAt(buffer, position);
    if (read === 0) return position;
    const newline = buffer.subarray(0, read).indexOf(NEWLINE);
    if (newline !== -1) return position + newline + 1;
    position += read;
  }
}
