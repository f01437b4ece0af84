import { UsageError } from './usage-error.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const RELATIVE = /^(\d+(?:\.\d+)?)([smhd])$/;
const EPOCH_MS = /^\d{10,}$/;

/**
 * Reads a `--since`/`--until` value into epoch milliseconds: an ISO 8601 date or date-time
 * (`2026-11-23`, `2026-11-23T10:00:00Z`), epoch milliseconds (`1795439917276`), or a duration
 * ago (`90s`, `15m`, `2h`, `7d`).
 */
export function parseTimeBound(option: string, value: string, now: number): number {
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, amount, unit] = relative as unknown as [string, string, keyof typeof UNIT_MS];
    return now - Number(amount) * UNIT_MS[unit];
  }
  if (EPOCH_MS.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${option} '${value}' is not a time: use an ISO 8601 date (2026-11-23T10:00:00Z), epoch milliseconds, or a duration ago (15m, 2h, 7d)`,
    );
  }
  return ms;
}
