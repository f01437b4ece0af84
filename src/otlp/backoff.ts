/**
 * The wait before retry number `retry` (1 for the second attempt): `initialDelayMs` doubled per
 * retry, capped at `maxDelayMs`, the upper half randomized so that many senders restarted
 * together do not retry in step.
 */
export function backoffDelay(retry: number, initialDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * A `Retry-After` header in ms (delay-seconds, or an HTTP date relative to `now`), or undefined
 * when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // an HTTP-date names its day and month (`Wed, 21 Oct 2015 07:28:00 GMT`)
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
