import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearestRank, summarizeLatencies } from '../../src/cli/percentile.js';

/** The definition, read literally: the smallest value with at least p% of the values at or below it. */
function naivePercentile(values: readonly number[], p: number): number | undefined {
  const candidates = [...values].sort((a, b) => a - b);
  return candidates.find(
    (candidate) => values.filter((value) => value <= candidate).length * 100 >= p * values.length,
  );
}

describe('nearest-rank percentiles', () => {
  it('agrees with the definition for any values and any whole percentile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 100 }),
        (values, p) => {
          const sorted = Float64Array.from(values).sort();
          expect(nearestRank(sorted, p)).toBe(naivePercentile(values, p));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is always one of the values: p50 of four values is the second, p95 the fourth', () => {
    expect(nearestRank([100, 200, 300, 400], 50)).toBe(200);
    expect(nearestRank([100, 200, 300, 400], 95)).toBe(400);
    expect(nearestRank([100, 200, 300, 400], 0)).toBe(100);
    expect(
      nearestRank(
        Array.from({ length: 20 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(19);
    expect(nearestRank([], 50)).toBeUndefined();
  });

  it('summarizes unsorted latencies into p50, p95 and max, null when there are none', () => {
    expect(summarizeLatencies([900, 100, 300])).toEqual({ p50: 300, p95: 900, max: 900 });
    expect(summarizeLatencies([])).toEqual({ p50: null, p95: null, max: null });
  });
});
