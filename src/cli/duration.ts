import { UsageError } from './usage-error.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Reads a duration option (`--idle`): a number and a unit, `ms`, `s`, `m` or `h` (`500ms`,
 * `2s`, `1.5s`, `1m`), at least 1 ms. A `UsageError` names the option.
 *
 * @example
 * ```ts
 * parseDuration('--idle', '2s'); // 2000
 * ```
 */
export function parseDuration(option: string, value: string): number {
  const match = DURATION.exec(value);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms >= 1)) {
    throw new UsageError(
      `${option} must be a duration of at least 1 ms: 500ms, 2s, 1m (got '${value}')`,
    );
  }
  return ms;
}
