import type { LlmEvent } from '../../events/schema.js';
import type { Progress } from '../progress.js';
import type { RunStats } from '../stats.js';
import type { RecordingOptions } from './recording-line-reader.js';
import type { RecordLayout } from './records.js';

/**
 * Where the reading of the inputs goes: the run's counts, each event in input order, and the
 * progress line.
 *
 * @example
 * ```ts
 * const target: ReadingTarget = { stats, onEvent: (event) => keeper.keep(event), progress };
 * await reading.read(input, target);
 * ```
 */
export interface ReadingTarget {
  readonly stats: RunStats;
  readonly onEvent: (event: LlmEvent) => void;
  readonly progress: Progress;
}

/**
 * How the records of a reading are made: what is read and kept, and the records' layout.
 *
 * @example
 * ```ts
 * const plan: RecordingPlan = { options: { strict: false, keep }, layout: new RecordLayout(keep) };
 * ```
 */
export interface RecordingPlan {
  readonly options: RecordingOptions;
  readonly layout: RecordLayout;
}
