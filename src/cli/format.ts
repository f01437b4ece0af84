/** Groups the digits of a whole number by thousands: `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * US dollars: `$0.0331`, `$12.50`, small amounts to two significant digits (`$0.000036`);
 * `$?` when unknown. `partial` marks a sum that leaves out unknown costs (`≥$0.0331`).
 */
export function formatCost(usd: number | undefined, partial = false): string {
  if (usd === undefined) return '$?';
  const sign = partial ? '≥' : '';
  if (usd === 0) return `${sign}$0`;
  if (usd < 0.01)
    return `${sign}$${Number(usd.toPrecision(2)).toFixed(Math.min(20, 1 - Math.floor(Math.log10(usd))))}`;
  return `${sign}$${usd.toFixed(usd < 100 ? 4 : 2)}`;
}

/** Milliseconds: `812 ms` below a second, `1.55 s` below a minute, `3m 05s` above. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = `${String(seconds % 60).padStart(2, '0')}s`;
  return hours > 0
    ? `${hours}h ${String(minutes).padStart(2, '0')}m ${rest}`
    : `${minutes}m ${rest}`;
}

/** Tokens: `1,234 tok`, `? tok` when unknown, `≥1,234 tok` for a sum that leaves some out. */
export function formatTokens(tokens: number | undefined, partial = false): string {
  if (tokens === undefined) return '? tok';
  return `${partial ? '≥' : ''}${formatCount(tokens)} tok`;
}
