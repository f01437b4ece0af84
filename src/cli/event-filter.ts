import type { LlmEvent } from '../events/schema.js';

/** The filters applied while reading: `--correlation`, `--since`, `--until`. */
export interface ReadFilters {
  readonly correlations: ReadonlySet<string> | undefined;
  readonly since: number | undefined;
  readonly until: number | undefined;
}

/**
 * Whether the filters leave the event out: another correlation than those asked for, or a call
 * that ended before `since` or started after `until`.
 *
 * @example
 * ```ts
 * isExcluded(event, { correlations: new Set(['c-1']), since: undefined, until: undefined });
 * ```
 */
export function isExcluded(event: LlmEvent, { correlations, since, until }: ReadFilters): boolean {
  return (
    (correlations !== undefined && !correlations.has(event.correlationId)) ||
    (since !== undefined && event.time < since) ||
    (until !== undefined && event.time - event.latencyMs > until)
  );
}
