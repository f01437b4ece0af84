import type { Rates } from './rates.js';

/**
 * Token counts as the line records them: `inputTokens` includes cached input read and written,
 * `cacheWriteTokens` includes the 1-hour writes, `outputTokens` includes reasoning.
 */
export interface TokenCounts {
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly cacheReadTokens?: number | undefined;
  readonly cacheWriteTokens?: number | undefined;
  readonly cacheWrite1hTokens?: number | undefined;
  readonly reasoningTokens?: number | undefined;
}

/** Costs are rounded to 1e-10 USD, so that sums of token prices do not show float noise. */
const USD_PRECISION = 1e10;

/**
 * The cost in USD of `tokens` at `rates`: each token once, at the price of its kind (uncached
 * input, read from cache, written to cache for 5 minutes or 1 hour, output, reasoning), plus
 * the price per call. Undefined when input or output tokens are unknown: an unknown count never
 * prices as zero. Counts that cannot be true (a part above its whole) are clamped, so no kind
 * is priced below zero tokens.
 */
export function costOf(rates: Rates, tokens: TokenCounts): number | undefined {
  const { inputTokens, outputTokens } = tokens;
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cacheRead = Math.min(tokens.cacheReadTokens ?? 0, inputTokens);
  const cacheWrite = Math.min(tokens.cacheWriteTokens ?? 0, inputTokens - cacheRead);
  const cacheWrite1h = Math.min(tokens.cacheWrite1hTokens ?? 0, cacheWrite);
  const reasoning = Math.min(tokens.reasoningTokens ?? 0, outputTokens);
  const perMillion =
    (inputTokens - cacheRead - cacheWrite) * rates.input +
    cacheRead * rates.cacheRead +
    (cacheWrite - cacheWrite1h) * rates.cacheWrite +
    cacheWrite1h * rates.cacheWrite1h +
    (outputTokens - reasoning) * rates.output +
    reasoning * rates.reasoning +
    rates.perCall * 1e6;
  return Math.round((perMillion / 1e6) * USD_PRECISION) / USD_PRECISION;
}
