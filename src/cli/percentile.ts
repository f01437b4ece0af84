/**
 * The nearest-rank percentile: the smallest value such that at least `p` percent of the values
 * are at or below it, that is the value at rank `ceil(p / 100 × n)` (1-based) of the sorted
 * values (rank 1 for `p` = 0). Always one of the values, never an interpolation; `undefined` for
 * no values. `sorted` must be in ascending order.
 *
 * @example
 * ```ts
 * nearestRank([100, 200, 300, 400], 50); // 200
 * nearestRank([100, 200, 300, 400], 95); // 400
 * ```
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** p50, p95 and max of latencies, in ms; `null` each when there are none. */
export interface LatencySummary {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

/**
 * The latency summary of a group's calls (the values need not be sorted; they are copied).
 *
 * @example
 * ```ts
 * summarizeLatencies([900, 100, 300]); // { p50: 300, p95: 900, max: 900 }
 * ```
 */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: nearestRank(sorted, 50) ?? null,
    p95: nearestRank(sorted, 95) ?? null,
    max: nearestRank(sorted, 100) ?? null,
  };
}
