/** Where a line is: the input's name (`<stdin>` for standard input) and its 1-based number. */
export interface LinePlace {
  readonly file: string;
  readonly line: number;
}

/** A malformed line and why. */
export interface MalformedLine extends LinePlace {
  readonly reason: string;
}

/** How many malformed lines are listed by place (all of them are counted). */
export const MALFORMED_LISTED = 10;

/**
 * The account of a run (`docs/cli.md`). Every line read is exactly one of: an event, another log
 * line, a malformed line, a blank line, a truncated last line, or an oversized line, so
 * `lines = events + otherLines + malformedLines + blankLines + truncatedLines + oversizedLines`.
 * `duplicates`, `orphans`, `sampledOutParents`, `cycles`, `suspectUsage` and `excludedEvents`
 * count events (among `events`).
 */
export interface RunStats {
  files: string[];
  lines: number;
  events: number;
  otherLines: number;
  malformedLines: number;
  blankLines: number;
  truncatedLines: number;
  oversizedLines: number;
  /** The first malformed lines (up to `MALFORMED_LISTED`), by input then line number. */
  malformed: MalformedLine[];
  /** The truncated last lines (at most one per input). */
  truncated: LinePlace[];
  /** Events left out because their id was seen before (the first wins). */
  duplicates: number;
  /** Events whose parent id is not among the events of their correlation (they are roots). */
  orphans: number;
  /**
   * Errors kept although sampling dropped their correlation (`sampled_out: true`) whose parent
   * is absent: roots, counted here rather than as orphans.
   */
  sampledOutParents: number;
  /** Parent loops cut (each makes one root). */
  cycles: number;
  /** Events whose usage cannot be true (cache above input, output on embeddings, ...). */
  suspectUsage: number;
  /** Events left out by --correlation, --since and --until. */
  excludedEvents: number;
  /** Graphs built (before --event, --top). */
  graphs: number;
}

export function emptyStats(): RunStats {
  return {
    files: [],
    lines: 0,
    events: 0,
    otherLines: 0,
    malformedLines: 0,
    blankLines: 0,
    truncatedLines: 0,
    oversizedLines: 0,
    malformed: [],
    truncated: [],
    duplicates: 0,
    orphans: 0,
    sampledOutParents: 0,
    cycles: 0,
    suspectUsage: 0,
    excludedEvents: 0,
    graphs: 0,
  };
}

/**
 * The stat that counts each graph anomaly. parseLogLine never gives an event without ids:
 * `invalid` cannot happen here, and would be a line that does not parse if it did.
 */
export const ANOMALY_STAT = {
  duplicate: 'duplicates',
  orphan: 'orphans',
  'sampled-out-parent': 'sampledOutParents',
  cycle: 'cycles',
  invalid: 'malformedLines',
} as const;
