import type { ModelPrice } from '../../context/pricing-options.js';

/** Token counts as the line records them: `inputTokens` includes cached input read and written. */
export interface TokenCounts {
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly cacheReadTokens?: number | undefined;
  readonly cacheWriteTokens?: number | undefined;
}

/** Costs are rounded to 1e-10 USD, so that sums of token prices do not show float noise. */
const USD_PRECISION = 1e10;

/**
 * The cost in USD of `tokens` at `price`: each input token once, at the price of its kind
 * (uncached, read from cache, written to cache), plus output (reasoning included). Undefined
 * when input or output tokens are unknown: an unknown count never prices as zero.
 */
export function costOf(price: ModelPrice, tokens: TokenCounts): number | undefined {
  const { inputTokens, outputTokens } = tokens;
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cacheRead = tokens.cacheReadTokens ?? 0;
  const cacheWrite = tokens.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, inputTokens - cacheRead - cacheWrite);
  const perMillion =
    uncached * price.input +
    cacheRead * (price.cachedInput ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    outputTokens * price.output;
  return Math.round((perMillion / 1e6) * USD_PRECISION) / USD_PRECISION;
}
