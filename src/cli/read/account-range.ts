import { MALFORMED_LISTED, type RunStats } from '../stats.js';
import type { RangeReading } from './scan-range.js';

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
