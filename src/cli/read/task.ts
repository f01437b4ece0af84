import type { LineFieldName } from '../../fields/line-fields.js';
import type { ByteRange, RangeReading } from './scan-range.js';

/** What a reading worker is asked to do: read one byte range of a file. */
export interface RangeTask extends ByteRange {
  readonly file: string;
  readonly strict: boolean;
  /** The optional event fields to keep. */
  readonly keep: readonly LineFieldName[];
}

/** What it answers: the range's reading, or why the file could not be read. */
export type RangeAnswer =
  | { readonly ok: true; readonly reading: RangeReading }
  | { readonly ok: false; readonly message: string };
